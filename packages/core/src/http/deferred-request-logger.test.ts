import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../platform.ts';
import { DeferredRequestLogger } from './deferred-request-logger.ts';

function loggerWithSink(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const parent = pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  let children = 0;
  const child = parent.child.bind(parent);
  parent.child = ((...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  }) as typeof parent.child;
  return { parent, lines, children: () => children };
}

describe('deferred request logger', () => {
  it('makes no child logger for a request that logs nothing at an enabled level', () => {
    const { parent, lines, children } = loggerWithSink('warn');
    const log = new DeferredRequestLogger(parent, { reqId: 'req-1' }, {});
    log.info('incoming request');
    log.debug({ detail: 1 }, 'noise');
    expect(log.level).toBe('warn');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('logs through one child with the request binding and the redaction of the parent', () => {
    const { parent, lines, children } = loggerWithSink('warn');
    const log = new DeferredRequestLogger(parent, { reqId: 'req-2' }, {});
    log.error({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'upstream failed');
    log.warn('second line');
    expect(children()).toBe(1);
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? '{}') as { reqId: string; msg: string; req: { headers: { authorization: string } } };
    expect(first).toMatchObject({ reqId: 'req-2', msg: 'upstream failed', req: { headers: { authorization: '[redacted]' } } });
    expect(lines.join('')).not.toContain('secret-token');
  });

  it('follows a level set on the request logger', () => {
    const { parent, lines } = loggerWithSink('warn');
    const log = new DeferredRequestLogger(parent, { reqId: 'req-3' }, {});
    log.level = 'debug';
    log.debug('now visible');
    expect(parent.level).toBe('warn');
    expect(lines).toHaveLength(1);
  });
});
