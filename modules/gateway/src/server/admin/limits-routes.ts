import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { Type } from 'typebox';
import { DEFAULT_IP_RPM } from '../engine/admission.ts';
import type { GatewayService } from '../engine/gateway-service.ts';
import { NullableLimit } from './admin-schemas.ts';
import { getOrgLimits, putOrgLimits, type OrgLimitsRow } from './limits-repository.ts';

const read = { access: { role: 'viewer' as const, scope: 'gateway:read' } };
const write = { access: { role: 'admin' as const, scope: 'gateway:write' } };
const tags = ['gateway admin'];
// 0 is refused, never read as the default (see NullableLimit).
const LimitsBody = Type.Object(
  { ipRpm: Type.Optional(NullableLimit(100_000_000)), ipTpm: Type.Optional(NullableLimit(100_000_000)) },
  { additionalProperties: false },
);
const Stored = Type.Union([Type.Null(), Type.Integer()]);
const LimitsAnswer = Type.Object({
  ipRpm: Stored,
  ipTpm: Stored,
  effectiveIpRpm: Type.Integer(),
  effectiveIpTpm: Type.Union([Type.Null(), Type.Integer()]),
});

/** Limits per client address of this organization's /v1 traffic (per-key limits live on the keys). */
export async function registerLimitsRoutes(app: App, platform: Platform, service: GatewayService): Promise<void> {
  const answer = (row: OrgLimitsRow) => ({
    ipRpm: row.ip_rpm,
    ipTpm: row.ip_tpm,
    effectiveIpRpm: row.ip_rpm ?? Math.max(platform.config.rateLimitPerIp, DEFAULT_IP_RPM),
    effectiveIpTpm: row.ip_tpm,
  });
  app.get(
    '/api/gateway/limits',
    { config: read, schema: { tags, summary: 'Requests and tokens per minute per client address (null: the default).', response: { 200: LimitsAnswer } } },
    async (request) => answer(await getOrgLimits(platform.database, request.tenant.orgId)),
  );
  app.put(
    '/api/gateway/limits',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set the per-address limits; an omitted or null field restores the default.',
        body: LimitsBody,
        response: { 200: LimitsAnswer },
      },
    },
    async (request) => {
      const { orgId } = request.tenant;
      const b = request.body;
      const row = await platform.database.db.transaction(async (tx) => {
        const r = await putOrgLimits(tx, orgId, b.ipRpm ?? null, b.ipTpm ?? null);
        await recordAudit(tx, orgId, actorOf(request), { action: 'gateway.limits.update', targetType: 'gateway.org_limits', targetId: orgId, data: { ...b } });
        return r;
      });
      await service.configs.changed(orgId);
      return answer(row);
    },
  );
}
