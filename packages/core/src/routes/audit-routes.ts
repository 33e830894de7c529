import { Type } from 'typebox';
import { listAudit, verifyAuditChain, type AuditRow } from '../audit/audit-trail.ts';
import type { App } from '../http/create-app.ts';
import type { Platform } from '../platform.ts';

const Entry = Type.Object({
  seq: Type.Number(),
  id: Type.String(),
  at: Type.String(),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

function entryView(r: AuditRow) {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    data: r.data,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

const CSV_COLUMNS = ['seq', 'id', 'at', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'data', 'requestId', 'prevHash', 'hash'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything that could break a row, and neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function registerAuditRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  app.get(
    '/api/audit',
    {
      config: { access: { role: 'admin', scope: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries of the organization in chain order',
        querystring: Type.Object(
          {
            afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            action: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(Entry), nextAfterSeq: Type.Union([Type.Number(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const rows = await listAudit(db, request.tenant.orgId, {
        afterSeq: request.query.afterSeq ?? 0,
        limit,
        ...(request.query.action ? { action: request.query.action } : {}),
      });
      return { entries: rows.map(entryView), nextAfterSeq: rows.length === limit ? (rows.at(-1)?.seq ?? null) : null };
    },
  );
  app.get(
    '/api/audit/verify',
    {
      config: { access: { role: 'admin', scope: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report the first break',
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            entriesChecked: Type.Number(),
            firstBreakAt: Type.Union([Type.Number(), Type.Null()]),
            errors: Type.Array(Type.Object({ seq: Type.Number(), reason: Type.String() })),
            durationMs: Type.Number(),
          }),
        },
      },
    },
    async (request) => verifyAuditChain(db, request.tenant.orgId),
  );
  app.get(
    '/api/audit/export',
    {
      config: { access: { role: 'admin', scope: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Export the whole chain as CSV or JSON',
        querystring: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('json')]) }, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'CSV or a JSON array of entries' }) },
      },
    },
    async (request, reply) => {
      const all: ReturnType<typeof entryView>[] = [];
      for (let after = 0; ;) {
        const page = await listAudit(db, request.tenant.orgId, { afterSeq: after, limit: 1000 });
        all.push(...page.map(entryView));
        if (page.length < 1000) break;
        after = page.at(-1)?.seq ?? after;
      }
      const stamp = new Date().toISOString().slice(0, 10);
      if (request.query.format === 'json') {
        reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${request.tenant.orgSlug}-${stamp}.json"`);
        return JSON.stringify(all);
      }
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${request.tenant.orgSlug}-${stamp}.csv"`);
      return [CSV_COLUMNS.join(','), ...all.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(','))].join('\n') + '\n';
    },
  );
}
