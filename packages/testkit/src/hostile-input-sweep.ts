import type { App } from '@tessera/core';
import { fillPath, listRoutes, type RouteSpec } from './openapi-walk.ts';

export interface SweepFailure {
  route: string;
  request: string;
  status: number;
  reason: string;
}

export interface SweepResult {
  routes: number;
  requests: number;
  failures: SweepFailure[];
}

const BAD_IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', `${'9'.repeat(300)}`, "1' or '1'='1", '%00', '-1'];
const HUGE = 'x'.repeat(200_000);

function hostileBodies(route: RouteSpec): { label: string; payload: string; contentType: string }[] {
  const props = Object.keys((route.bodySchema?.properties as Record<string, unknown> | undefined) ?? {});
  const wrongTypes: Record<string, unknown> = {};
  const oversized: Record<string, unknown> = {};
  for (const p of props) {
    wrongTypes[p] = { nested: [1, 2, 3] };
    oversized[p] = HUGE;
  }
  const numbersAsStrings = Object.fromEntries(props.map((p) => [p, -1e308]));
  return [
    { label: 'not JSON', payload: '{"unterminated": ', contentType: 'application/json' },
    { label: 'array instead of object', payload: '[1,2,3]', contentType: 'application/json' },
    { label: 'JSON null', payload: 'null', contentType: 'application/json' },
    { label: 'wrong types', payload: JSON.stringify(wrongTypes), contentType: 'application/json' },
    { label: 'oversized strings', payload: JSON.stringify(oversized), contentType: 'application/json' },
    { label: 'extreme numbers', payload: JSON.stringify(numbersAsStrings), contentType: 'application/json' },
    { label: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', contentType: 'application/json' },
  ];
}

function hostileQueries(route: RouteSpec): string[] {
  const names = Object.keys(route.query);
  if (names.length === 0) return [];
  const make = (v: string) => names.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
  return [make('not-a-valid-value'), make('-99999999999999999999'), make("2024-13-45'--"), make('x'.repeat(5000))];
}

export interface SweepOptions {
  headers: Record<string, string>;
  /** Routes to leave out, with the reason recorded by the caller. */
  skip?: (route: RouteSpec) => boolean;
  /** Counts of rows that must not change when every request to a route was refused. */
  fingerprint?: () => Promise<string>;
}

/**
 * Walks every route in the OpenAPI document with malformed bodies, wrong types, oversized values
 * and bad ids. Every answer must be a 4xx carrying an error code, never a 5xx; when every hostile
 * request to a route was refused, the database fingerprint must be unchanged.
 */
export async function sweepHostileInputs(app: App, options: SweepOptions): Promise<SweepResult> {
  const routes = (await listRoutes(app)).filter((r) => !options.skip?.(r));
  const failures: SweepFailure[] = [];
  let requests = 0;
  for (const route of routes) {
    const before = options.fingerprint ? await options.fingerprint() : '';
    let anyAccepted = false;
    const attempts: { url: string; payload?: string; contentType?: string; label: string }[] = [];
    const validPath = fillPath(route.path, () => '00000000-0000-4000-8000-000000000000');
    for (const bad of route.pathParams.length ? BAD_IDS : []) attempts.push({ url: fillPath(route.path, () => bad), label: `bad id ${bad.slice(0, 20)}` });
    for (const q of hostileQueries(route)) attempts.push({ url: `${validPath}?${q}`, label: `bad query ${q.slice(0, 40)}` });
    if (route.hasBody) for (const b of hostileBodies(route)) attempts.push({ url: validPath, payload: b.payload, contentType: b.contentType, label: b.label });
    for (const a of attempts) {
      requests++;
      const res = await app.inject({
        method: route.method,
        url: a.url,
        headers: { ...options.headers, ...(a.contentType ? { 'content-type': a.contentType } : {}) },
        ...(a.payload !== undefined ? { payload: a.payload } : {}),
      });
      const where = `${route.method} ${route.path}`;
      if (res.statusCode >= 500) {
        failures.push({ route: where, request: a.label, status: res.statusCode, reason: `server error: ${res.body.slice(0, 200)}` });
        continue;
      }
      if (res.statusCode < 400) {
        anyAccepted = true;
        continue;
      }
      let code: unknown;
      try {
        code = res.json<{ error?: { code?: unknown } }>().error?.code;
      } catch {
        code = undefined;
      }
      if (typeof code !== 'string' || code === '')
        failures.push({ route: where, request: a.label, status: res.statusCode, reason: 'error answer without an error code' });
    }
    if (options.fingerprint && !anyAccepted && attempts.length) {
      const after = await options.fingerprint();
      if (after !== before)
        failures.push({ route: `${route.method} ${route.path}`, request: 'all refused', status: 0, reason: 'refused requests changed the database' });
    }
  }
  return { routes: routes.length, requests, failures };
}

/** Row counts of every table in the given schemas, as one comparable string. */
export async function tableFingerprint(query: (sql: string) => Promise<Record<string, unknown>[]>, schemas: string[], exclude: string[] = []): Promise<string> {
  const tables = await query(
    `select table_schema || '.' || table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema in (${schemas.map((s) => `'${s.replaceAll("'", '')}'`).join(',')}) order by 1`,
  );
  const parts: string[] = [];
  for (const row of tables) {
    const t = String(row.t);
    if (exclude.includes(t)) continue;
    const [c] = await query(
      `select count(*)::text as n from ${t
        .split('.')
        .map((x) => `"${x}"`)
        .join('.')}`,
    );
    parts.push(`${t}=${String(c?.n)}`);
  }
  return parts.join(';');
}

/** A hash of every row that belongs to one organization, across all tables with an org_id column. */
export async function orgRowsFingerprint(
  query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  orgId: string,
  exclude: string[] = [],
): Promise<Map<string, string>> {
  const tables = await query(
    `select c.table_schema || '.' || c.table_name as t from information_schema.columns c
       join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
      where c.column_name = 'org_id' and c.table_schema not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const out = new Map<string, string>();
  for (const row of tables) {
    const t = String(row.t);
    if (exclude.includes(t)) continue;
    const ident = t
      .split('.')
      .map((x) => `"${x}"`)
      .join('.');
    const [h] = await query(
      `select count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${ident} x where org_id = $1`,
      [orgId],
    );
    out.set(t, String(h?.h));
  }
  return out;
}
