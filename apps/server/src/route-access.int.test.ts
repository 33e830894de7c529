import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fillPath, listRoutes, orgRowsFingerprint, sampleFromSchema, type RouteSpec, type TestApp, type TestOrg } from '@tessera/testkit';
import { ALL_MODULES } from './all-modules.ts';

const PUBLIC_ROUTES = ['GET /healthz', 'GET /readyz', 'POST /api/auth/sign-in'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe('every route declares its caller', () => {
  let t: TestApp;
  let routes: RouteSpec[];
  beforeAll(async () => {
    t = await createTestApp({ modules: ALL_MODULES });
    routes = await listRoutes(t.app);
  });
  afterAll(async () => t.close());

  it('documents only the explicit public list as public', () => {
    const publicOnes = routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    expect(publicOnes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('refuses an anonymous call to every non-public route with 401 and an error code', async () => {
    const accepted: string[] = [];
    for (const route of routes.filter((r) => !r.public)) {
      const res = await t.app.inject({
        method: route.method,
        url: fillPath(route.path, () => '00000000-0000-4000-8000-000000000000'),
        ...(route.hasBody ? { payload: {} } : {}),
      });
      const code = res.json<{ error?: { code?: string } }>().error?.code;
      if (res.statusCode !== 401 || !code) accepted.push(`${route.method} ${route.path} -> ${res.statusCode} ${code ?? ''}`);
    }
    expect(accepted).toEqual([]);
    expect(routes.filter((r) => !r.public).length).toBeGreaterThan(10);
  });

  it('refuses an invalid bearer key as AUTH_INVALID', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/current',
      headers: { authorization: 'Bearer tsk_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_INVALID');
  });
});

describe('tenant isolation across every route that takes an id', () => {
  let t: TestApp;
  let a: TestOrg;
  let b: TestOrg;
  beforeAll(async () => {
    t = await createTestApp({ modules: ALL_MODULES });
    a = await t.createOrg('tenant-a');
    b = await t.createOrg('tenant-b');
    const user = await t.createUser([{ orgId: a.orgId, role: 'owner' }]);
    for (const mod of ALL_MODULES) await mod.seedDemo?.({ platform: t.platform, orgId: a.orgId, orgSlug: a.slug, userId: user.userId });
  });
  afterAll(async () => t.close());

  async function listBodies(key: string, listRoutes: RouteSpec[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of listRoutes) {
      const res = await t.app.inject({ method: 'GET', url: r.path, headers: { authorization: `Bearer ${key}` } });
      if (res.statusCode === 200 && !res.headers['content-type']?.toString().includes('event-stream')) out.set(r.path, res.body);
    }
    return out;
  }

  it("never lets organization B read or change organization A's records by id", async () => {
    const routes = await listRoutes(t.app);
    const lists = routes.filter(
      (r) =>
        r.method === 'GET' && r.pathParams.length === 0 && Object.values(r.query).every((q) => !q.required) && !/events|stream|export|metrics/.test(r.path),
    );
    const before = await listBodies(a.ownerKey, lists);
    const idsBySource = new Map<string, string[]>();
    for (const [path, body] of before) {
      const ids = [...new Set(body.match(UUID) ?? [])].filter((id) => id !== a.orgId);
      if (ids.length) idsBySource.set(path, ids.slice(0, 3));
    }
    expect(idsBySource.size).toBeGreaterThan(0);

    // A's rows, hashed table by table; api_keys is left out because last_used_at moves on its own.
    const rowsOfA = () => orgRowsFingerprint((sql, params) => t.platform.database.query(sql, params), a.orgId, ['core.api_keys']);
    const rowsBefore = await rowsOfA();
    const leaks: string[] = [];
    const probes: { route: RouteSpec; url: string }[] = [];
    const withIds = routes.filter((r) => r.pathParams.length > 0 && !/events|stream/.test(r.path));
    for (const route of withIds) {
      const prefix = route.path.slice(0, route.path.indexOf('{'));
      const source = [...idsBySource.keys()]
        .filter((p) => prefix.startsWith(p) || p.startsWith(prefix.replace(/\/$/, '')))
        .sort((x, y) => y.length - x.length)[0];
      const ids = source ? (idsBySource.get(source) ?? []) : [...idsBySource.values()].flat().slice(0, 2);
      for (const id of ids) {
        const url = fillPath(route.path, () => id);
        const payload = route.hasBody ? sampleFromSchema(route.bodySchema, id) : undefined;
        const asB = await t.app.inject({
          method: route.method,
          url,
          headers: { authorization: `Bearer ${b.ownerKey}` },
          ...(payload !== undefined ? { payload: payload as object } : {}),
        });
        if (asB.statusCode < 300) leaks.push(`${route.method} ${route.path} with A's id ${id} -> ${asB.statusCode}`);
        probes.push({ route, url });
      }
    }
    expect(leaks).toEqual([]);
    expect(await rowsOfA()).toEqual(rowsBefore);
    // The probe used real ids: the owner can read at least some of them.
    let ownerHits = 0;
    for (const { url } of probes.filter((p) => p.route.method === 'GET')) {
      const asA = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${a.ownerKey}` } });
      if (asA.statusCode === 200) ownerHits++;
    }
    expect(ownerHits).toBeGreaterThan(0);
  });
});
