import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const MAX_MEMORY_ENTRIES = 5000;

/** Exact-match cache of whole JSON answers, in memory or in Redis (shared by every process). */
export class ResponseCache {
  private readonly memory = new Map<string, { until: number; value: string }>();
  private readonly redis: Redis | null;
  hits = 0;
  misses = 0;

  constructor(redis: Redis | null) {
    this.redis = redis;
  }

  keyOf(orgId: string, kind: string, body: unknown): string {
    return `gw:cache:${orgId}:${kind}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
  }

  async get(key: string): Promise<string | null> {
    let value: string | null = null;
    if (this.redis) value = await this.redis.get(key).catch(() => null);
    else {
      const e = this.memory.get(key);
      if (e && e.until > Date.now()) value = e.value;
      else if (e) this.memory.delete(key);
    }
    if (value === null) this.misses++;
    else this.hits++;
    return value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.redis) {
      await this.redis.set(key, value, 'EX', ttlSeconds).catch(() => undefined);
      return;
    }
    if (this.memory.size >= MAX_MEMORY_ENTRIES) {
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
    this.memory.set(key, { until: Date.now() + ttlSeconds * 1000, value });
  }

  /** Drops one organization's entries; returns how many went. */
  async flush(orgId: string): Promise<number> {
    const prefix = `gw:cache:${orgId}:`;
    if (this.redis) {
      let removed = 0;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) removed += await this.redis.del(...keys);
      } while (cursor !== '0');
      return removed;
    }
    let removed = 0;
    for (const k of this.memory.keys())
      if (k.startsWith(prefix)) {
        this.memory.delete(k);
        removed++;
      }
    return removed;
  }
}
