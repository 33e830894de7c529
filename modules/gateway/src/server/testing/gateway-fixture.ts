import { parseApiKey, type App, type Platform, type Role } from '@tessera/core';

/** What the fixture needs from the testkit's TestApp (only test files may import the testkit). */
export interface FixtureApp {
  app: App;
  platform: Platform;
  createOrg(): Promise<{ orgId: string; slug: string; ownerKey: string }>;
  createKey(orgId: string, role: Role, scopes?: string[]): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayFixture<T extends FixtureApp> {
  t: T;
  org: { orgId: string; slug: string; ownerKey: string };
  /** A key with only the gateway invoke scope (a virtual key). */
  key: string;
  auth: (key?: string) => Record<string, string>;
  admin: (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; body: Record<string, unknown> & Record<string, unknown>[] }>;
  wallet: (scopeType?: 'org' | 'team' | 'key', scopeId?: string, amountMicros?: number) => Promise<string>;
  keyId: (key: string) => Promise<string>;
}

/** An organization, a gateway key and admin helpers on a test app built with the gateway module. */
export async function gatewayFixture<T extends FixtureApp>(t: T): Promise<GatewayFixture<T>> {
  const org = await t.createOrg();
  const key = await t.createKey(org.orgId, 'member', ['gateway:invoke']);
  const auth = (k = key) => ({ authorization: `Bearer ${k}` });
  const admin: GatewayFixture<T>['admin'] = async (method, url, payload, headers = {}) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { ...auth(org.ownerKey), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : {}) as Record<string, unknown> & Record<string, unknown>[] };
  };
  const keyId = async (k: string) => {
    const rows = await t.platform.database.query<{ id: string }>('select id from core.api_keys where prefix = $1', [parseApiKey(k)?.prefix ?? '']);
    if (!rows[0]) throw new Error('key not found');
    return rows[0].id;
  };
  const wallet: GatewayFixture<T>['wallet'] = async (scopeType = 'org', scopeId, amountMicros = 0) => {
    const created = await admin('POST', '/api/gateway/wallets', { scopeType, ...(scopeId ? { scopeId } : {}) });
    if (created.status !== 201) throw new Error(`wallet create failed: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    if (amountMicros) {
      const top = await admin('POST', `/api/gateway/wallets/${id}/top-ups`, { amountMicros });
      if (top.status !== 201) throw new Error(`top-up failed: ${JSON.stringify(top.body)}`);
    }
    return id;
  };
  return { t, org, key, auth, admin, wallet, keyId };
}
