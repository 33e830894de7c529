import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/** Fixed-window counters. `cost` lets token limits share the same mechanism as request limits. */
export interface RateLimiter {
  consume(key: string, limit: number, windowMs: number, cost?: number): Promise<RateDecision>;
  readonly backend: 'memory' | 'redis';
  close(): Promise<void>;
}

export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let sweeps = 0;
  return {
    backend: 'memory',
    consume: async (key, limit, windowMs, cost = 1) => {
      const now = Date.now();
      const start = now - (now % windowMs);
      let w = windows.get(key);
      if (!w || w.start !== start) {
        w = { start, count: 0 };
        windows.set(key, w);
        if (++sweeps % 10_000 === 0) for (const [k, v] of windows) if (v.start + windowMs < now) windows.delete(k);
      }
      if (w.count + cost > limit)
        return { allowed: false, remaining: Math.max(0, limit - w.count), retryAfterSeconds: Math.ceil((start + windowMs - now) / 1000) };
      w.count += cost;
      return { allowed: true, remaining: limit - w.count, retryAfterSeconds: 0 };
    },
    close: async () => {
      windows.clear();
    },
  };
}

// Increment only if it fits, in one round trip, so concurrent processes cannot overshoot.
const CONSUME_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[2])
if current + cost > tonumber(ARGV[1]) then
  return {0, current, redis.call('PTTL', KEYS[1])}
end
local next = redis.call('INCRBY', KEYS[1], cost)
if next == cost then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, next, redis.call('PTTL', KEYS[1])}`;

export function createRedisRateLimiter(redis: Redis, keyPrefix = 'tessera:'): RateLimiter {
  return {
    backend: 'redis',
    consume: async (key, limit, windowMs, cost = 1) => {
      const now = Date.now();
      const windowKey = `${keyPrefix}rl:${key}:${Math.floor(now / windowMs)}`;
      const [ok, count, ttl] = (await redis.eval(CONSUME_SCRIPT, 1, windowKey, limit, cost, windowMs)) as [number, number, number];
      const retry = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
      return { allowed: ok === 1, remaining: Math.max(0, limit - count), retryAfterSeconds: ok === 1 ? 0 : retry };
    },
    close: async () => undefined,
  };
}
