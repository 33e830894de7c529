import { actorOf, recordAudit, type App, type Db, type Platform } from '@tessera/core';
import { ShopSettings, ShopSettingsBody } from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { canonicalTimeZone, localDate, type Clock } from '../../contracts/shop-time.ts';
import { databaseKnowsZone, setShopTimeZone, shopTimeZone } from './settings-repository.ts';

/** The shop's current calendar date in its own time zone. */
export async function shopToday(db: Db, orgId: string, now: Clock): Promise<string> {
  return localDate(await shopTimeZone(db, orgId), now());
}

export function registerSettingsRoutes(app: App, platform: Platform, now: Clock): void {
  const db = platform.database.db;

  app.get(
    '/settings',
    {
      config: { access: { role: 'viewer', scope: 'status-board:read' } },
      schema: { tags: ['status-board'], summary: "The shop's settings and its current date", response: { 200: ShopSettings } },
    },
    async (request) => {
      const timeZone = await shopTimeZone(db, request.tenant.orgId);
      return { timeZone, today: localDate(timeZone, now()) };
    },
  );

  app.put(
    '/settings',
    {
      config: { access: { role: 'admin', scope: 'status-board:write' } },
      schema: { tags: ['status-board'], summary: "Set the shop's time zone (IANA name)", body: ShopSettingsBody, response: { 200: ShopSettings } },
    },
    async (request) => {
      const { orgId } = request.tenant;
      const timeZone = canonicalTimeZone(request.body.timeZone);
      if (timeZone === null || !(await databaseKnowsZone(db, timeZone)))
        throw boardErrors.BOARD_TIME_ZONE_INVALID({ details: { timeZone: request.body.timeZone } });
      await db.transaction(async (tx) => {
        const previous = await setShopTimeZone(tx, orgId, timeZone);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'status-board.settings.update',
          targetType: 'shop',
          targetId: orgId,
          data: { timeZone, previous },
        });
      });
      return { timeZone, today: localDate(timeZone, now()) };
    },
  );
}
