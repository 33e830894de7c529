import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { jobs, type JobState } from '../db/core-schema.ts';

export interface JobContext<P> {
  id: string;
  orgId: string | null;
  payload: P;
  /** Records progress; cheap enough to call every few thousand items. */
  progress(done: number, total?: number | null): Promise<void>;
}

export type JobHandler<P> = (job: JobContext<P>) => Promise<unknown>;

export interface JobRecord {
  id: string;
  orgId: string | null;
  name: string;
  state: JobState;
  progressDone: number;
  progressTotal: number | null;
  result: unknown;
  error: unknown;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Background jobs with progress. Status, progress and results live in `core.jobs` on both
 * backends so every process can answer "how far is job X"; execution is pg-boss on PostgreSQL
 * (any process may pick a job up) and an in-process runner on the embedded database.
 */
export interface JobQueue {
  define<P>(name: string, handler: JobHandler<P>): void;
  enqueue(name: string, orgId: string | null, payload: unknown, createdBy?: string | null): Promise<string>;
  get(orgId: string | null, id: string): Promise<JobRecord | null>;
  /** Resolves when the job has finished (tests, CLI). */
  waitFor(orgId: string | null, id: string, timeoutMs?: number): Promise<JobRecord>;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly backend: 'in-process' | 'pg-boss';
}

abstract class BaseJobQueue implements JobQueue {
  protected readonly handlers = new Map<string, JobHandler<unknown>>();
  abstract readonly backend: 'in-process' | 'pg-boss';
  protected readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  define<P>(name: string, handler: JobHandler<P>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  abstract enqueue(name: string, orgId: string | null, payload: unknown, createdBy?: string | null): Promise<string>;
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  protected async insertJob(name: string, orgId: string | null, payload: unknown, createdBy: string | null): Promise<string> {
    if (!this.handlers.has(name)) throw new Error(`no handler for job "${name}"`);
    const [row] = await this.database.db
      .insert(jobs)
      .values({ name, orgId, payload: payload ?? {}, state: 'queued', progressDone: 0, createdBy })
      .returning({ id: jobs.id });
    if (!row) throw new Error('job insert returned nothing');
    return row.id;
  }

  async get(orgId: string | null, id: string): Promise<JobRecord | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const cond = orgId === null ? eq(jobs.id, id) : and(eq(jobs.id, id), eq(jobs.orgId, orgId));
    const [row] = await this.database.db.select().from(jobs).where(cond);
    return row ?? null;
  }

  async waitFor(orgId: string | null, id: string, timeoutMs = 120_000): Promise<JobRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.get(orgId, id);
      if (!job) throw new Error(`job ${id} not found`);
      if (job.state === 'succeeded' || job.state === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Claims the row (only one runner wins), runs the handler, records the outcome. */
  protected async execute(id: string): Promise<void> {
    const [claimed] = await this.database.db
      .update(jobs)
      .set({ state: 'running', startedAt: sql`now()` })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'queued')))
      .returning();
    if (!claimed) return;
    const handler = this.handlers.get(claimed.name);
    try {
      if (!handler) throw new Error(`no handler for job "${claimed.name}"`);
      const result = await handler({
        id,
        orgId: claimed.orgId,
        payload: claimed.payload,
        progress: async (done, total) => {
          await this.database.db
            .update(jobs)
            .set(total === undefined ? { progressDone: done } : { progressDone: done, progressTotal: total })
            .where(eq(jobs.id, id));
        },
      });
      await this.database.db
        .update(jobs)
        .set({ state: 'succeeded', result: result ?? null, finishedAt: sql`now()` })
        .where(eq(jobs.id, id));
    } catch (err) {
      const error =
        err instanceof Error ? { message: err.message, ...(isCoded(err) ? { code: err.code, details: err.details } : {}) } : { message: String(err) };
      await this.database.db
        .update(jobs)
        .set({ state: 'failed', error, finishedAt: sql`now()` })
        .where(eq(jobs.id, id));
    }
  }
}

function isCoded(err: Error): err is Error & { code: string; details: unknown } {
  return typeof (err as { code?: unknown }).code === 'string';
}

class InProcessJobQueue extends BaseJobQueue {
  readonly backend = 'in-process' as const;
  private readonly pending: string[] = [];
  private running = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  async enqueue(name: string, orgId: string | null, payload: unknown, createdBy: string | null = null): Promise<string> {
    const id = await this.insertJob(name, orgId, payload, createdBy);
    this.pending.push(id);
    this.pump();
    return id;
  }

  async start(): Promise<void> {
    // Jobs queued before a restart are picked up again.
    const rows = await this.database.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.state, 'queued')).orderBy(jobs.createdAt);
    await this.database.db
      .update(jobs)
      .set({ state: 'failed', error: { message: 'the server stopped while this job ran' }, finishedAt: sql`now()` })
      .where(eq(jobs.state, 'running'));
    this.pending.push(...rows.map((r) => r.id));
    this.pump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle;
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.idle = (async () => {
      while (!this.stopped) {
        const id = this.pending.shift();
        if (!id) break;
        await this.execute(id);
      }
      this.running = false;
    })();
  }
}

class PgBossJobQueue extends BaseJobQueue {
  readonly backend = 'pg-boss' as const;
  private readonly databaseUrl: string;
  private boss: Promise<PgBoss> | null = null;

  constructor(database: Database, databaseUrl: string) {
    super(database);
    this.databaseUrl = databaseUrl;
  }

  /**
   * pg-boss (its code, three connections and its maintenance timers) starts only in a process
   * that runs or sends jobs: a gateway-only process never needs it.
   */
  private bossStarted(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const { default: PgBossClass } = await import('pg-boss');
      const boss = new PgBossClass({ connectionString: this.databaseUrl, schema: 'pgboss', max: 3, supervise: true });
      boss.on('error', () => {
        // pg-boss retries its maintenance loop; job outcomes are recorded in core.jobs.
      });
      await boss.start();
      return boss;
    })();
    return this.boss;
  }

  async enqueue(name: string, orgId: string | null, payload: unknown, createdBy: string | null = null): Promise<string> {
    const id = await this.insertJob(name, orgId, payload, createdBy);
    await (await this.bossStarted()).send(queueName(name), { jobId: id });
    return id;
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0) return;
    const boss = await this.bossStarted();
    for (const name of this.handlers.keys()) {
      await boss.createQueue(queueName(name));
      await boss.work<{ jobId: string }>(queueName(name), { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (batch) => {
        for (const job of batch) await this.execute(job.data.jobId);
      });
    }
  }

  async stop(): Promise<void> {
    if (!this.boss) return;
    const boss = await this.boss.catch(() => null);
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

function queueName(name: string): string {
  return `tessera.${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export function createJobQueue(database: Database, databaseUrl: string | null): JobQueue {
  return database.kind === 'postgres' && databaseUrl ? new PgBossJobQueue(database, databaseUrl) : new InProcessJobQueue(database);
}
