import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let keyId: string;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  keyId = await f.keyId(f.key);
});
afterAll(async () => f.t.close());

const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; hint: string };
const keyRow = async () => (await f.admin('GET', '/api/gateway/keys')).body.find((k) => k.api_key_id === keyId);

// The app's Ajv coerces types; a nullable limit written as an anyOf with a null branch used to turn
// 0 (and false) into null, i.e. "the default". Both limit routes refuse 0 now, the same way.
describe('rate limit values on the admin API', () => {
  it('per-address limits: 0 and negative numbers are refused and change nothing; null restores the default', async () => {
    expect((await f.admin('PUT', '/api/gateway/limits', { ipRpm: 50, ipTpm: 9000 })).status).toBe(200);
    for (const [body, field] of [
      [{ ipRpm: 0 }, 'ipRpm'],
      [{ ipTpm: 0 }, 'ipTpm'],
      [{ ipRpm: '0' }, 'ipRpm'],
      [{ ipRpm: false }, 'ipRpm'],
      [{ ipRpm: -1 }, 'ipRpm'],
      [{ ipTpm: -500 }, 'ipTpm'],
    ] as const) {
      const res = await f.admin('PUT', '/api/gateway/limits', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res.body)).toMatchObject({ code: 'VALIDATION_FAILED', message: `body/${field} must be >= 1` });
    }
    expect((await f.admin('GET', '/api/gateway/limits')).body).toMatchObject({ ipRpm: 50, ipTpm: 9000, effectiveIpRpm: 50, effectiveIpTpm: 9000 });

    const reset = await f.admin('PUT', '/api/gateway/limits', { ipRpm: null, ipTpm: null });
    expect([reset.status, reset.body]).toEqual([200, { ipRpm: null, ipTpm: null, effectiveIpRpm: 6000, effectiveIpTpm: null }]);
    expect((await f.admin('PUT', '/api/gateway/limits', { ipRpm: 1 })).body).toMatchObject({ ipRpm: 1, effectiveIpRpm: 1 });
    expect((await f.admin('PUT', '/api/gateway/limits', { ipRpm: 100_000_001 })).status).toBe(400);
    await f.admin('PUT', '/api/gateway/limits', {});
  });

  it('key RPM/TPM: 0 and negative numbers are refused and change nothing; null restores the default', async () => {
    expect((await f.admin('PUT', `/api/gateway/keys/${keyId}`, { rpm: 40, tpm: 8000 })).status).toBe(200);
    for (const [body, field] of [
      [{ rpm: 40, tpm: 0 }, 'tpm'],
      [{ rpm: 0, tpm: 8000 }, 'rpm'],
      [{ rpm: -3, tpm: 8000 }, 'rpm'],
      [{ rpm: 40, tpm: -1 }, 'tpm'],
    ] as const) {
      const res = await f.admin('PUT', `/api/gateway/keys/${keyId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res.body)).toMatchObject({ code: 'VALIDATION_FAILED', message: `body/${field} must be >= 1` });
    }
    expect(await keyRow()).toMatchObject({ rpm: 40, tpm: 8000 });
    const reset = await f.admin('PUT', `/api/gateway/keys/${keyId}`, { rpm: null, tpm: null });
    expect([reset.status, reset.body.rpm, reset.body.tpm]).toEqual([200, null, null]);
    expect(await keyRow()).toMatchObject({ rpm: null, tpm: null });
  });
});
