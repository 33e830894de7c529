import { actorOf, recordAudit, runIdempotent, type App, type Platform } from '@tessera/core';
import { Type } from 'typebox';
import type { GatewayService } from '../engine/gateway-service.ts';
import { gatewayErrors } from '../errors.ts';
import { createWallet, findWallet, ledgerSum, listLedger, listWallets, topUpWallet } from '../wallet/wallet-repository.ts';
import { deleteRow, findApiKey, insertTeam, listKeySettings, listTeams, putKeySettings, teamExists } from './admin-repository.ts';
import { Id, Json, JsonList, KeySettingsBody, TeamBody, TopUpBody, WalletBody } from './admin-schemas.ts';

const read = { access: { role: 'viewer' as const, scope: 'gateway:read' } };
const write = { access: { role: 'admin' as const, scope: 'gateway:write' } };
const tags = ['gateway admin'];

/** Teams, wallets (create, ledger, idempotent top-ups) and per-key gateway settings. */
export async function registerBudgetRoutes(app: App, platform: Platform, service: GatewayService): Promise<void> {
  const db = platform.database.db;

  app.get('/api/gateway/teams', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) =>
    listTeams(platform.database, request.tenant.orgId),
  );
  app.post('/api/gateway/teams', { config: write, schema: { tags, body: TeamBody, response: { 201: Json } } }, async (request, reply) => {
    const { orgId } = request.tenant;
    const team = await db.transaction(async (tx) => {
      const t = await insertTeam(tx, orgId, request.body.name);
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.team.create',
        targetType: 'gateway.team',
        targetId: t?.id ?? '',
        data: { name: request.body.name },
      });
      return t;
    });
    return reply.status(201).send(team ?? {});
  });
  app.delete('/api/gateway/teams/:id', { config: write, schema: { tags, params: Id, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    await db.transaction(async (tx) => {
      if (!(await deleteRow(tx, 'teams', orgId, request.params.id)))
        throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Team not found in this organization.' });
      await recordAudit(tx, orgId, actorOf(request), { action: 'gateway.team.delete', targetType: 'gateway.team', targetId: request.params.id });
    });
    service.configs.evict(orgId);
    return { ok: true };
  });

  // Balances include this process's pending settlements (written in 1 s batches otherwise).
  app.get('/api/gateway/wallets', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) => {
    await service.usage.flush();
    return listWallets(platform.database, request.tenant.orgId);
  });
  app.post('/api/gateway/wallets', { config: write, schema: { tags, body: WalletBody, response: { 201: Json } } }, async (request, reply) => {
    const { orgId } = request.tenant;
    const b = request.body;
    const scopeId = b.scopeType === 'org' ? orgId : b.scopeId;
    if (!scopeId) throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'A team or key wallet needs scopeId.' });
    if (b.scopeType === 'team' && !(await teamExists(platform.database, orgId, scopeId)))
      throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Team not found in this organization.' });
    if (b.scopeType === 'key' && !(await findApiKey(platform.database, orgId, scopeId)))
      throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'API key not found in this organization.' });
    const wallet = await db.transaction(async (tx) => {
      const w = await createWallet(tx, orgId, b.scopeType, scopeId);
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.wallet.create',
        targetType: 'gateway.wallet',
        targetId: w.id,
        data: { scopeType: b.scopeType, scopeId },
      });
      return w;
    });
    await service.configs.changed(orgId);
    return reply.status(201).send(wallet);
  });
  app.get(
    '/api/gateway/wallets/:id',
    {
      config: read,
      schema: {
        tags,
        params: Id,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
        response: { 200: Json },
      },
    },
    async (request) => {
      const { orgId } = request.tenant;
      await service.usage.flush();
      const wallet = await findWallet(platform.database, orgId, request.params.id);
      if (!wallet) throw gatewayErrors.GATEWAY_WALLET_NOT_FOUND();
      const [ledger, sum] = await Promise.all([
        listLedger(platform.database, orgId, wallet.id, request.query.limit ?? 100),
        ledgerSum(platform.database, orgId, wallet.id),
      ]);
      return { ...wallet, ledgerSumMicros: sum.toString(), ledger };
    },
  );
  app.post(
    '/api/gateway/wallets/:id/top-ups',
    { config: write, schema: { tags, params: Id, body: TopUpBody, response: { 200: Json, 201: Json } } },
    async (request, reply) => {
      const { orgId } = request.tenant;
      const b = request.body;
      if (b.amountMicros === 0) throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'The amount must not be zero.' });
      const key = request.headers['idempotency-key'];
      const out = await runIdempotent(db, orgId, typeof key === 'string' ? key : undefined, `gateway.topup.${request.params.id}`, b, async (tx) => {
        const w = await topUpWallet(tx, orgId, request.params.id, b.amountMicros, b.amountMicros > 0 ? 'topup' : 'adjustment', b.note ?? null);
        if (!w) throw gatewayErrors.GATEWAY_WALLET_NOT_FOUND();
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'gateway.wallet.topup',
          targetType: 'gateway.wallet',
          targetId: w.id,
          data: { amountMicros: b.amountMicros, note: b.note ?? null },
        });
        return { status: 201, body: w };
      });
      return reply.status(out.replayed ? 200 : 201).send(out.body);
    },
  );

  app.get('/api/gateway/keys', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) =>
    listKeySettings(platform.database, request.tenant.orgId),
  );
  app.put('/api/gateway/keys/:id', { config: write, schema: { tags, params: Id, body: KeySettingsBody, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    const b = request.body;
    if (!(await findApiKey(platform.database, orgId, request.params.id)))
      throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'API key not found in this organization.' });
    if (b.teamId && !(await teamExists(platform.database, orgId, b.teamId)))
      throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Team not found in this organization.' });
    const row = await db.transaction(async (tx) => {
      const r = await putKeySettings(tx, orgId, {
        apiKeyId: request.params.id,
        teamId: b.teamId ?? null,
        rpm: b.rpm ?? null,
        tpm: b.tpm ?? null,
        allowedModels: b.allowedModels ?? null,
        guardrails: b.guardrails ?? {},
      });
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.key.settings',
        targetType: 'core.api_key',
        targetId: request.params.id,
        data: { ...b },
      });
      return r;
    });
    await service.configs.changed(orgId);
    return row ?? {};
  });
}
