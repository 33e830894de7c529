import { sql } from 'drizzle-orm';
import type { Db, Platform } from '@tessera/core';
import { SHOP_TOPIC, type ShopChangedPayload } from '../events/board-topic.ts';
import { sqlRows } from '../db/sql-rows.ts';

/** What a day's board and stats depend on: the day's seq and the shop's generation. */
export interface DayVersion {
  seq: number;
  gen: number;
}

export async function dayVersion(db: Db, orgId: string, date: string): Promise<DayVersion> {
  const [row] = await sqlRows<{ seq: string | number; gen: string | number }>(
    db,
    sql`select coalesce((select seq from status_board.board_seq where org_id = ${orgId} and date = ${date}), 0) as seq,
               coalesce((select gen from status_board.board_generation where org_id = ${orgId}), 0) as gen`,
  );
  return { seq: Number(row?.seq ?? 0), gen: Number(row?.gen ?? 0) };
}

/**
 * Marks every cached board and stats of the shop stale (inside the writing transaction) and, on
 * commit, tells open event streams of the shop to reload: a renamed column, customer or
 * technician changes what every day's cards show without touching any day's seq.
 */
export async function bumpGeneration(platform: Platform, tx: Db, orgId: string): Promise<void> {
  await tx.execute(
    sql`insert into status_board.board_generation (org_id, gen) values (${orgId}, 1) on conflict (org_id) do update set gen = status_board.board_generation.gen + 1`,
  );
  const payload: ShopChangedPayload = { orgId };
  await platform.events.publishInTransaction(tx, SHOP_TOPIC, payload);
}

/**
 * Serialized answers keyed by (shop, day) and valid for one DayVersion. Every process checks
 * the version in the database on each read, so a change made by any instance is seen at once;
 * only the expensive card query and serialization are skipped.
 */
export class DayCache {
  private readonly entries = new Map<string, { version: DayVersion; body: string }>();
  private readonly max: number;

  constructor(max = 200) {
    this.max = max;
  }

  get(orgId: string, date: string, version: DayVersion): string | null {
    const key = `${orgId}|${date}`;
    const hit = this.entries.get(key);
    if (!hit || hit.version.seq !== version.seq || hit.version.gen !== version.gen) return null;
    // Re-insert: Map order doubles as least-recently-used order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.body;
  }

  set(orgId: string, date: string, version: DayVersion, body: string): void {
    const key = `${orgId}|${date}`;
    this.entries.delete(key);
    this.entries.set(key, { version, body });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}
