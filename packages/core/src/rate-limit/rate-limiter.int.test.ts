import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : null;
afterAll(() => redis?.disconnect());

const backends: [string, () => RateLimiter][] = [['memory', createMemoryRateLimiter]];
if (redis) backends.push(['redis', () => createRedisRateLimiter(redis)]);

describe.each(backends)('%s rate limiter', (_name, make) => {
  it('admits exactly the limit under concurrent calls and then answers with a retry delay', async () => {
    const limiter = make();
    const key = `test:${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.consume(key, 20, 60_000)));
    expect(results.filter((r) => r.allowed).length).toBe(20);
    const refused = results.find((r) => !r.allowed);
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('counts weighted costs (token limits) without overshooting', async () => {
    const limiter = make();
    const key = `tokens:${Math.random()}`;
    expect((await limiter.consume(key, 1000, 60_000, 600)).allowed).toBe(true);
    expect((await limiter.consume(key, 1000, 60_000, 600)).allowed).toBe(false);
    expect((await limiter.consume(key, 1000, 60_000, 400)).allowed).toBe(true);
  });
});
