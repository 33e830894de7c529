import { sql } from 'drizzle-orm';
import type { Platform } from '@tessera/core';
import type { WalletLeases } from '../wallet/wallet-leases.ts';
import { applySettlements, type Settlement } from '../wallet/wallet-repository.ts';

export interface RequestLog {
  orgId: string;
  requestId: string;
  apiKeyId: string | null;
  teamId: string | null;
  userId: string | null;
  source: string;
  model: string;
  provider: string | null;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  latencyMs: number;
  attempts: number;
  cached: boolean;
  streamed: boolean;
  guardrailAction: string | null;
}

const FLUSH_MS = 1000;

/** One request_logs row as JSON, in the column names the batch insert reads. */
function rowJson(l: RequestLog): string {
  return JSON.stringify({
    org_id: l.orgId,
    request_id: l.requestId,
    api_key_id: l.apiKeyId,
    team_id: l.teamId,
    user_id: l.userId,
    source: l.source,
    model: l.model,
    provider: l.provider,
    status: l.status,
    error_code: l.errorCode,
    prompt_tokens: l.promptTokens,
    completion_tokens: l.completionTokens,
    cost_micros: l.costMicros,
    latency_ms: l.latencyMs,
    attempts: l.attempts,
    cached: l.cached,
    streamed: l.streamed,
    guardrail_action: l.guardrailAction,
  });
}
const MAX_BATCH = 2000;
/** About 100 KB of JSON per statement, below V8's large-object threshold (128 KB). */
const LOG_ROWS_PER_STATEMENT = 200;

/**
 * Settlements and request logs leave the request path: they queue here and are written in one
 * transaction per second (and on close). Until then the reservation keeps the money held, so a
 * late flush can only make budgets stricter, never looser.
 */
export class UsageBuffer {
  private settlements: Settlement[] = [];
  private logs: string[] = [];
  private earlyFlushQueued = false;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly platform: Platform;
  private readonly leases: WalletLeases;

  constructor(platform: Platform, leases: WalletLeases) {
    this.platform = platform;
    this.leases = leases;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  add(settlement: Settlement | null, log: RequestLog): void {
    if (settlement) this.settlements.push(settlement);
    // Serialised here, a row at a time, so a flush only joins strings instead of stopping the
    // event loop to serialise thousands of rows at once.
    this.logs.push(rowJson(log));
    // One early flush queued at a time, not one per request while the database is busy.
    if (this.logs.length >= MAX_BATCH && !this.earlyFlushQueued) {
      this.earlyFlushQueued = true;
      void this.flush();
    }
  }

  get pending(): number {
    return this.logs.length + this.settlements.length;
  }

  /** Serialised: one flush at a time, each taking what queued before it started. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    this.earlyFlushQueued = false;
    await this.leases.idle();
    const returned = this.leases.drain();
    if (!this.settlements.length && !this.logs.length && !returned.length) return;
    const settlements = this.settlements.concat(returned);
    const logs = this.logs;
    this.settlements = [];
    this.logs = [];
    try {
      await this.platform.database.db.transaction(async (tx) => {
        await applySettlements(tx, settlements);
        // A few hundred rows per statement: one second's rows in one JSON text would be megabytes,
        // which V8 puts in large-object space and frees only at a full collection, so the heap
        // (and the RSS) would swell between them under load.
        for (let at = 0; at < logs.length; at += LOG_ROWS_PER_STATEMENT) {
          const rows = `[${logs.slice(at, at + LOG_ROWS_PER_STATEMENT).join(',')}]`;
          await tx.execute(sql`insert into gateway.request_logs (org_id, request_id, api_key_id, team_id, user_id, source, model, provider, status, error_code, prompt_tokens, completion_tokens, cost_micros, latency_ms, attempts, cached, streamed, guardrail_action)
            select r.org_id, r.request_id, r.api_key_id, r.team_id, r.user_id, r.source, r.model, r.provider, r.status, r.error_code, r.prompt_tokens, r.completion_tokens, r.cost_micros, r.latency_ms, r.attempts, r.cached, r.streamed, r.guardrail_action
            from rows from (jsonb_to_recordset(${rows}::jsonb) as (org_id uuid, request_id text, api_key_id uuid, team_id uuid, user_id uuid, source text, model text, provider text, status int, error_code text, prompt_tokens int, completion_tokens int, cost_micros bigint, latency_ms int, attempts int, cached boolean, streamed boolean, guardrail_action text)) with ordinality as r(org_id, request_id, api_key_id, team_id, user_id, source, model, provider, status, error_code, prompt_tokens, completion_tokens, cost_micros, latency_ms, attempts, cached, streamed, guardrail_action, ord)
            -- An organization deleted while its requests were in flight must not wedge the batch.
            where exists (select 1 from core.organizations o where o.id = r.org_id)
            order by r.ord`);
        }
      });
    } catch (err) {
      // Put settlements back so held money is not lost; logs too, bounded so a dead database cannot exhaust memory.
      this.settlements = settlements.concat(this.settlements);
      this.logs = logs.concat(this.logs).slice(-50_000);
      this.platform.log.error({ err: (err as Error).message }, 'gateway: usage flush failed');
    }
  }
}
