import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { REDACTED_PATHS } from '../platform.ts';

describe('CORS allowlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { corsOrigins: ['https://app.example.com'] } });
  });
  afterAll(async () => t.close());

  it('answers a preflight from an allowed origin and not from others', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/orgs/current',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/orgs/current',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS without an allowlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { corsOrigins: [] } });
  });
  afterAll(async () => t.close());

  it('grants no origin, in a preflight or on a credentialed request', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/orgs/current',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const plain = await t.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://app.example.com' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('log redaction', () => {
  it('never writes credentials, cookies or secret fields to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    log.info(
      {
        req: { headers: { authorization: 'Bearer tsk_secret', cookie: 'tessera_session=abc', 'x-api-key': 'sk-live-1' } },
        body: { apiKey: 'sk-live-2', password: 'hunter2' },
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of ['tsk_secret', 'tessera_session=abc', 'sk-live-1', 'sk-live-2', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
