import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let walletId: string;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  walletId = await f.wallet('org', undefined, 50_000_000);
  // A slow offline twin so concurrent duplicates overlap the first call.
  const slow = await f.admin('POST', '/api/gateway/providers', { name: 'slow', kind: 'offline', config: { latencyMs: 300 } });
  expect(slow.status).toBe(201);
});
afterAll(async () => f.t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  f.t.app.inject({ method: 'POST', url, headers: { ...f.auth(), ...headers }, payload: payload as object });
const chatBody = (content: string, model = 'tessera-offline') => ({ model, max_tokens: 50, messages: [{ role: 'user', content }] });

/** Flushes the metering batch (the requests route does) and reads the charges of the wallet. */
async function charges(): Promise<{ requestId: string; amount: string }[]> {
  await f.admin('GET', '/api/gateway/requests');
  return f.t.platform.database.query<{ requestId: string; amount: string }>(
    `select request_id as "requestId", amount_micros::text as amount from gateway.wallet_ledger where wallet_id = $1 and kind = 'charge' order by id`,
    [walletId],
  );
}

describe('Idempotency-Key on /v1', () => {
  it('replays the stored answer for the same key and body and charges nothing the second time', async () => {
    const before = (await charges()).length;
    const first = await post('/v1/chat/completions', chatBody('Replay me'), { 'idempotency-key': 'chat-1' });
    expect(first.statusCode).toBe(200);
    expect(Number(first.headers['x-alfred-cost-micros'])).toBeGreaterThan(0);
    const second = await post('/v1/chat/completions', chatBody('Replay me'), { 'idempotency-key': 'chat-1' });
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['x-alfred-cost-micros']).toBe('0');
    expect(second.headers['x-alfred-provider']).toBe('offline');
    expect(second.json()).toEqual(first.json());
    const after = await charges();
    expect(after.length).toBe(before + 1);
  });

  it('refuses the same key with another body or endpoint with 422 and charges nothing', async () => {
    await post('/v1/chat/completions', chatBody('Original'), { 'idempotency-key': 'chat-2' });
    const before = (await charges()).length;
    const other = await post('/v1/chat/completions', chatBody('Something else'), { 'idempotency-key': 'chat-2' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const elsewhere = await post('/v1/embeddings', { model: 'tessera-embed', input: 'Original' }, { 'idempotency-key': 'chat-2' });
    expect(elsewhere.statusCode).toBe(422);
    expect((await charges()).length).toBe(before);
  });

  it('lets concurrent duplicates make one provider call and one charge', async () => {
    const before = (await charges()).length;
    const all = await Promise.all(
      Array.from({ length: 5 }, () => post('/v1/chat/completions', chatBody('Only once', 'slow/tessera-1'), { 'idempotency-key': 'chat-3' })),
    );
    const statuses = all.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const r of all.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.code).toBe('GATEWAY_IDEMPOTENCY_IN_PROGRESS');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect(all.filter((r) => r.statusCode === 200 && r.headers['idempotent-replayed'] !== 'true').length).toBe(1);
    const replay = await post('/v1/chat/completions', chatBody('Only once', 'slow/tessera-1'), { 'idempotency-key': 'chat-3' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await charges()).length).toBe(before + 1);
  });

  it('frees the key of a failed call so the retry runs once the cause is fixed', async () => {
    const keyOnly = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const keyWallet = await f.wallet('key', await f.keyId(keyOnly), 0);
    const refused = await post('/v1/chat/completions', chatBody('Needs money'), { ...f.auth(keyOnly), 'idempotency-key': 'chat-4' });
    expect(refused.statusCode).toBe(402);
    const top = await f.admin('POST', `/api/gateway/wallets/${keyWallet}/top-ups`, { amountMicros: 10_000_000 });
    expect(top.status).toBe(201);
    const retried = await post('/v1/chat/completions', chatBody('Needs money'), { ...f.auth(keyOnly), 'idempotency-key': 'chat-4' });
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps keys apart per virtual key: another key with the same Idempotency-Key gets its own answer', async () => {
    const other = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    await post('/v1/chat/completions', chatBody('Mine'), { 'idempotency-key': 'shared' });
    const theirs = await post('/v1/chat/completions', chatBody('Theirs'), { ...f.auth(other), 'idempotency-key': 'shared' });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().choices[0].message.content).toMatch(/Theirs/);
  });

  it('replays /v1/messages and /v1/embeddings answers too', async () => {
    const msg = { model: 'tessera-offline', max_tokens: 40, messages: [{ role: 'user', content: 'Bonjour' }] };
    const m1 = await post('/v1/messages', msg, { 'idempotency-key': 'msg-1' });
    const m2 = await post('/v1/messages', msg, { 'idempotency-key': 'msg-1' });
    expect(m1.statusCode).toBe(200);
    expect(m1.json().type).toBe('message');
    expect(m2.headers['idempotent-replayed']).toBe('true');
    expect(m2.json()).toEqual(m1.json());
    const emb = { model: 'tessera-embed', input: ['a', 'b'] };
    const e1 = await post('/v1/embeddings', emb, { 'idempotency-key': 'emb-1' });
    const e2 = await post('/v1/embeddings', emb, { 'idempotency-key': 'emb-1' });
    expect(e1.statusCode).toBe(200);
    expect(e2.headers['idempotent-replayed']).toBe('true');
    expect(e2.json()).toEqual(e1.json());
  });

  it('refuses streamed requests and malformed keys with 400 before any call or write', async () => {
    const rowsBefore = await f.t.platform.database.query('select 1 from gateway.idempotent_requests');
    const streamed = await post('/v1/chat/completions', { ...chatBody('Stream'), stream: true }, { 'idempotency-key': 'stream-1' });
    expect(streamed.statusCode).toBe(400);
    expect(streamed.json().error.code).toBe('GATEWAY_IDEMPOTENCY_STREAM_UNSUPPORTED');
    const streamedMsg = await post(
      '/v1/messages',
      { model: 'tessera-offline', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] },
      { 'idempotency-key': 'stream-2' },
    );
    expect(streamedMsg.statusCode).toBe(400);
    const tooLong = await post('/v1/chat/completions', chatBody('Key'), { 'idempotency-key': 'k'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('GATEWAY_IDEMPOTENCY_KEY_INVALID');
    const rowsAfter = await f.t.platform.database.query('select 1 from gateway.idempotent_requests');
    expect(rowsAfter.length).toBe(rowsBefore.length);
  });

  it('writes nothing to the idempotency table when the header is absent', async () => {
    const before = await f.t.platform.database.query('select 1 from gateway.idempotent_requests');
    const res = await post('/v1/chat/completions', chatBody('No key'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    const after = await f.t.platform.database.query('select 1 from gateway.idempotent_requests');
    expect(after.length).toBe(before.length);
  });
});
