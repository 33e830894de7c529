import { addMember, createOrganization, createUser, findOrganizationBySlug, findUserByEmail, type Platform, type TesseraModule } from '@tessera/core';

export const DEMO_EMAIL = 'demo@tessera.local';

/**
 * First start on an empty database: one demo user who owns one organization per product, each
 * filled by its module's seeder. Returns null when the database already had users.
 */
export async function seedDemoIfEmpty(platform: Platform, modules: readonly TesseraModule[]): Promise<{ email: string; password: string } | null> {
  const db = platform.database.db;
  const [row] = await platform.database.query<{ n: number }>('select count(*)::int as n from core.users');
  if ((row?.n ?? 0) > 0) return null;
  const system = { type: 'system' as const, id: 'demo-seed' };
  const user =
    (await findUserByEmail(db, DEMO_EMAIL)) ?? (await createUser(db, { email: DEMO_EMAIL, name: 'Demo User', password: platform.config.demoPassword }));
  for (const mod of modules) {
    const org = (await findOrganizationBySlug(db, mod.demoOrg.slug)) ?? (await createOrganization(db, mod.demoOrg.slug, mod.demoOrg.name, system));
    await addMember(db, org.id, user.id, 'owner', system);
    if (mod.seedDemo) {
      const started = performance.now();
      await mod.seedDemo({ platform, orgId: org.id, orgSlug: org.slug, userId: user.id });
      platform.log.info({ module: mod.name, ms: Math.round(performance.now() - started) }, 'demo data seeded');
    }
  }
  return { email: DEMO_EMAIL, password: platform.config.demoPassword };
}
