import type { Database } from '@tessera/core';
import { reserveFunds, type Settlement } from './wallet-repository.ts';

// The wallet id lists come from the per-key config cache, so the same array recurs on every request.
const joined = new WeakMap<string[], string>();
function keyOf(walletIds: string[]): string {
  let key = joined.get(walletIds);
  if (key === undefined) {
    key = walletIds.join(',');
    joined.set(walletIds, key);
  }
  return key;
}

/** A lease is this many requests' worth of the maximum cost, reserved in one UPDATE. */
const LEASE_REQUESTS = 16;
/** Below this many requests' worth left, the next block is reserved in the background. */
const REFILL_BELOW = 4;

/**
 * Reservations in blocks: a process reserves a block of budget in the database with the same
 * atomic conditional UPDATE, then hands requests their maximum cost from it in memory. The
 * database never holds less than what is handed out, so a wallet still cannot be overspent by
 * more than one request's estimate error; what is left of each block goes back at every usage
 * flush (about once a second). When a block does not fit, the request reserves exactly its own
 * maximum cost, so a nearly empty wallet still serves whatever fits. The next block is reserved
 * in the background once less than REFILL_BELOW requests' worth is left, so a process holds at
 * most about 1.25 blocks and a steady stream of requests seldom waits on the database.
 */
export class WalletLeases {
  private readonly held = new Map<string, { orgId: string; walletIds: string[]; micros: number }>();
  private readonly refills = new Map<string, Promise<void>>();
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  async reserve(orgId: string, walletIds: string[], amount: number): Promise<boolean> {
    const key = keyOf(walletIds);
    const lease = this.held.get(key);
    if (lease && lease.micros >= amount) {
      lease.micros -= amount;
      // Refilled before it runs out, so a steady stream of requests rarely waits on the database.
      if (lease.micros < amount * REFILL_BELOW && !this.refills.has(key)) this.refill(orgId, walletIds, key, amount * LEASE_REQUESTS);
      return true;
    }
    const block = amount * LEASE_REQUESTS;
    if (await reserveFunds(this.database, walletIds, block)) {
      const current = this.held.get(key) ?? { orgId, walletIds, micros: 0 };
      current.micros += block - amount;
      this.held.set(key, current);
      return true;
    }
    return reserveFunds(this.database, walletIds, amount);
  }

  private refill(orgId: string, walletIds: string[], key: string, block: number): void {
    const done = reserveFunds(this.database, walletIds, block)
      .then((ok) => {
        if (!ok) return;
        const current = this.held.get(key) ?? { orgId, walletIds, micros: 0 };
        current.micros += block;
        this.held.set(key, current);
      })
      // A failed refill only means the next request reserves in the foreground.
      .catch(() => undefined)
      .finally(() => this.refills.delete(key));
    this.refills.set(key, done);
  }

  /** Resolves once no background refill is in flight (so a drain returns everything held). */
  async idle(): Promise<void> {
    while (this.refills.size) await Promise.all([...this.refills.values()]);
  }

  /** Takes every unused block as a release (a settlement without charge) for the next flush. */
  drain(): Settlement[] {
    const out: Settlement[] = [];
    for (const lease of this.held.values())
      if (lease.micros > 0)
        out.push({ orgId: lease.orgId, walletIds: lease.walletIds, reservedMicros: lease.micros, chargeMicros: 0, requestId: 'lease-return' });
    this.held.clear();
    return out;
  }
}
