import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import { hashApiKey, hashesEqual, parseApiKey } from './api-key-format.ts';
import { findApiKeyByPrefix, findLiveSessionByTokenHash, listMembershipsOfUser, touchApiKeys } from './identity-repository.ts';
import type { Principal } from './principal.ts';

const KEY_CACHE_MS = 30_000;
const SESSION_CACHE_MS = 10_000;
const TOUCH_FLUSH_MS = 30_000;
export const IDENTITY_CHANGED_TOPIC = 'core.identity.changed';

interface CachedKey {
  hash: string;
  principal: Principal;
  expiresAt: number | null;
  revoked: boolean;
  cachedUntil: number;
}

/**
 * Resolves API keys and session tokens to principals. Verified keys are cached briefly so a hot
 * route (the gateway) does not touch the database per request; revocations and role changes are
 * published on the cross-instance event bus and evict the cache on every server process.
 */
export class Authenticator {
  private readonly keys = new Map<string, CachedKey>();
  private readonly sessionCache = new Map<string, { principal: Principal | null; cachedUntil: number }>();
  private readonly lastUsed = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private events: EventBus | null = null;
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  start(events: EventBus): void {
    this.events = events;
    this.unsubscribe = events.subscribe(IDENTITY_CHANGED_TOPIC, () => this.evictAll());
    this.timer = setInterval(() => void this.flushLastUsed(), TOUCH_FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.flushLastUsed();
  }

  /**
   * A key was revoked, a session ended or a role changed: drop cached principals here at once and
   * on every other server process through the bus.
   */
  async invalidate(reason: Record<string, unknown>): Promise<void> {
    this.evictAll();
    await this.events?.publish(IDENTITY_CHANGED_TOPIC, reason);
  }

  evictAll(): void {
    this.keys.clear();
    this.sessionCache.clear();
  }

  async fromApiKey(key: string): Promise<Principal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const now = Date.now();
    let cached = this.keys.get(parsed.prefix);
    if (!cached || cached.cachedUntil < now) {
      const row = await findApiKeyByPrefix(this.database.db, parsed.prefix);
      if (!row) return null;
      cached = {
        hash: row.keyHash,
        expiresAt: row.expiresAt?.getTime() ?? null,
        revoked: row.revokedAt !== null,
        cachedUntil: now + KEY_CACHE_MS,
        principal: {
          kind: 'api-key',
          userId: row.ownerUserId,
          apiKeyId: row.id,
          sessionId: null,
          scopes: row.scopes,
          keyOrg: { id: row.orgId, slug: row.orgSlug, role: row.role },
          memberships: [],
          csrfToken: null,
          label: `key:${row.prefix}`,
        },
      };
      this.keys.set(parsed.prefix, cached);
    }
    if (cached.revoked || (cached.expiresAt !== null && cached.expiresAt <= now)) return null;
    if (!hashesEqual(cached.hash, hashApiKey(key))) return null;
    if (cached.principal.apiKeyId) this.lastUsed.set(cached.principal.apiKeyId, new Date(now));
    return cached.principal;
  }

  async fromSessionToken(token: string): Promise<Principal | null> {
    const tokenHash = hashApiKey(token);
    const now = Date.now();
    const cached = this.sessionCache.get(tokenHash);
    if (cached && cached.cachedUntil >= now) return cached.principal;
    const session = await findLiveSessionByTokenHash(this.database.db, tokenHash);
    let principal: Principal | null = null;
    if (session) {
      principal = {
        kind: 'session',
        userId: session.userId,
        apiKeyId: null,
        sessionId: session.id,
        scopes: null,
        keyOrg: null,
        memberships: await listMembershipsOfUser(this.database.db, session.userId),
        csrfToken: session.csrfToken,
        label: session.name || session.email,
      };
    }
    this.sessionCache.set(tokenHash, { principal, cachedUntil: now + SESSION_CACHE_MS });
    return principal;
  }

  private async flushLastUsed(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    this.lastUsed.clear();
    try {
      await touchApiKeys(this.database.db, batch);
    } catch {
      // last_used_at is advisory; a failed flush (database briefly down) is retried with newer times.
    }
  }
}
