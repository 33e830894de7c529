import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const MAX_MEMORY_ENTRIES = 5000;
/** In-memory entries are bounded by size too: 5,000 long answers could otherwise hold gigabytes. */
export const MAX_MEMORY_BYTES = 32 * 1024 * 1024;

export interface CacheFilter {
  model?: string;
  apiKeyId?: string;
}

// Model names may hold ':' or '*'; keys stay splittable and glob-safe for Redis SCAN MATCH.
const part = (s: string) => encodeURIComponent(s).replace(/[*?[\]\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// Outside the gw:cache:<org>:… entry pattern, so a flush never removes the counters.
const statsKey = (orgId: string) => `gw:cache-stats:${orgId}`;

/**
 * Exact-match cache of whole JSON answers, in memory or in Redis (shared by every process). An
 * entry belongs to one organization and one virtual key (keys may differ in guardrails and
 * allowed models), and names its model, so a flush can target a model or a key.
 */
export class ResponseCache {
  private readonly memory = new Map<string, { until: number; value: string }>();
  /** Characters of the answers held in memory, counted at two bytes each (V8's widest string form). */
  private memoryChars = 0;
  private readonly redis: Redis | null;
  private readonly stats = new Map<string, { hits: number; misses: number }>();

  constructor(redis: Redis | null) {
    this.redis = redis;
  }

  keyOf(orgId: string, apiKeyId: string | null, model: string, body: unknown): string {
    return `gw:cache:${orgId}:${apiKeyId ?? '-'}:${part(model)}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
  }

  /** Hit and miss counts of one organization: of every process when in Redis, else of this one. */
  async statsOf(orgId: string): Promise<{ hits: number; misses: number }> {
    if (this.redis) {
      const h = await this.redis.hgetall(statsKey(orgId));
      return { hits: Number(h.hits ?? 0), misses: Number(h.misses ?? 0) };
    }
    return { ...(this.stats.get(orgId) ?? { hits: 0, misses: 0 }) };
  }

  async get(key: string): Promise<string | null> {
    let value: string | null = null;
    if (this.redis) value = await this.redis.get(key).catch(() => null);
    else {
      const e = this.memory.get(key);
      if (e && e.until > Date.now()) value = e.value;
      else if (e) this.drop(key);
    }
    const orgId = key.split(':', 3)[2] ?? '';
    if (this.redis) {
      // Counted where every process sees it; not awaited, a lost increment only skews the stats.
      this.redis.hincrby(statsKey(orgId), value === null ? 'misses' : 'hits', 1).catch(() => undefined);
      return value;
    }
    let counts = this.stats.get(orgId);
    if (!counts) {
      counts = { hits: 0, misses: 0 };
      this.stats.set(orgId, counts);
    }
    if (value === null) counts.misses++;
    else counts.hits++;
    return value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.redis) {
      await this.redis.set(key, value, 'EX', ttlSeconds).catch(() => undefined);
      return;
    }
    if (value.length * 2 > MAX_MEMORY_BYTES) return;
    this.drop(key);
    // Oldest first, until both the count and the size fit.
    while (this.memory.size >= MAX_MEMORY_ENTRIES || (this.memory.size > 0 && (this.memoryChars + value.length) * 2 > MAX_MEMORY_BYTES)) {
      const oldest = this.memory.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    this.memory.set(key, { until: Date.now() + ttlSeconds * 1000, value });
    this.memoryChars += value.length;
  }

  /** Size of the in-memory entries, for tests and the stats. */
  get memoryBytes(): number {
    return this.memoryChars * 2;
  }

  private drop(key: string): void {
    const e = this.memory.get(key);
    if (!e) return;
    this.memory.delete(key);
    this.memoryChars -= e.value.length;
  }

  /** Drops one organization's entries, optionally only those of a model and/or a key; returns how many went. */
  async flush(orgId: string, filter: CacheFilter = {}): Promise<number> {
    const pattern = `gw:cache:${orgId}:${filter.apiKeyId ?? '*'}:${filter.model === undefined ? '*' : part(filter.model)}:*`;
    if (this.redis) {
      let removed = 0;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length) removed += await this.redis.del(...keys);
      } while (cursor !== '0');
      return removed;
    }
    const [, , , key, model] = pattern.split(':');
    const prefix = `gw:cache:${orgId}:`;
    let removed = 0;
    for (const k of this.memory.keys()) {
      if (!k.startsWith(prefix)) continue;
      const parts = k.split(':');
      if ((key === '*' || parts[3] === key) && (model === '*' || parts[4] === model)) {
        this.drop(k);
        removed++;
      }
    }
    return removed;
  }
}
