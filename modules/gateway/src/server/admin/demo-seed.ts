import { randomUUID } from 'node:crypto';
import { recordAudit, type DemoSeedContext } from '@tessera/core';
import { createWallet, topUpWallet } from '../wallet/wallet-repository.ts';
import { insertProvider, insertTeam, putAlias, putPrice, upsertRoute } from './admin-repository.ts';

/** alfred-demo: the offline provider (deterministic, no network), a team, a funded wallet, prices and a route. */
export async function seedGatewayDemo({ platform, orgId }: DemoSeedContext): Promise<void> {
  const existing = await platform.database.query('select 1 from gateway.providers where org_id = $1 limit 1', [orgId]);
  if (existing.length) return;
  await platform.database.db.transaction(async (tx) => {
    await insertProvider(tx, orgId, {
      id: randomUUID(),
      name: 'offline',
      kind: 'offline',
      baseUrl: null,
      credential: null,
      config: { latencyMs: 25, models: ['tessera-1', 'tessera-embed-1'] },
      enabled: true,
    });
    const team = await insertTeam(tx, orgId, 'Platform team');
    const orgWallet = await createWallet(tx, orgId, 'org', orgId);
    await topUpWallet(tx, orgId, orgWallet.id, 50_000_000, 'topup', 'Demo credit: 50 USD');
    if (team) {
      const teamWallet = await createWallet(tx, orgId, 'team', team.id);
      await topUpWallet(tx, orgId, teamWallet.id, 10_000_000, 'topup', 'Demo team budget: 10 USD');
    }
    await putPrice(tx, orgId, 'tessera-1', 1_000_000, 2_000_000);
    await putAlias(tx, orgId, 'default', 'offline/tessera-1');
    await upsertRoute(tx, orgId, {
      id: randomUUID(),
      name: 'default-to-offline',
      priority: 100,
      match: { model: 'default' },
      targets: [{ provider: 'offline', model: 'tessera-1', weight: 1 }],
      retries: 1,
      timeoutMs: 30_000,
      enabled: true,
    });
    await recordAudit(tx, orgId, { type: 'system', id: 'demo-seed' }, { action: 'gateway.demo.seed', targetType: 'gateway', targetId: orgId });
  });
}
