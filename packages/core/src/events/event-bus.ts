import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.ts';

const CHANNEL = 'tessera_events';
/** PostgreSQL caps NOTIFY payloads at 8000 bytes; events carry ids and small facts, not documents. */
const MAX_PAYLOAD = 7900;

export type EventHandler = (payload: unknown, meta: { topic: string; origin: string }) => void;

export interface EventBus {
  /** Sends now (outside a transaction). */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Sends when `tx` commits, and not at all if it rolls back. */
  publishInTransaction(tx: Db, topic: string, payload: unknown): Promise<void>;
  subscribe(topic: string, handler: EventHandler): () => void;
  readonly instanceId: string;
  close(): Promise<void>;
}

/**
 * Change events over PostgreSQL LISTEN/NOTIFY, which both backends implement: with several server
 * processes on one PostgreSQL, every process receives every event.
 */
export async function createEventBus(database: Database): Promise<EventBus> {
  const handlers = new Map<string, Set<EventHandler>>();
  const instanceId = randomUUID();
  const deliver = (raw: string) => {
    let msg: { t: string; p: unknown; o: string };
    try {
      msg = JSON.parse(raw) as { t: string; p: unknown; o: string };
    } catch {
      return;
    }
    for (const handler of handlers.get(msg.t) ?? []) {
      try {
        handler(msg.p, { topic: msg.t, origin: msg.o });
      } catch {
        // A failing subscriber must not stop delivery to the others.
      }
    }
  };
  const unlisten = await database.listen(CHANNEL, deliver);
  const encode = (topic: string, payload: unknown) => {
    const text = JSON.stringify({ t: topic, p: payload, o: instanceId });
    if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error(`event ${topic} is too large for NOTIFY`);
    return text;
  };
  return {
    instanceId,
    publish: async (topic, payload) => {
      await database.query('select pg_notify($1, $2)', [CHANNEL, encode(topic, payload)]);
    },
    publishInTransaction: async (tx, topic, payload) => {
      await tx.execute(sql`select pg_notify(${CHANNEL}, ${encode(topic, payload)})`);
    },
    subscribe: (topic, handler) => {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    close: async () => {
      handlers.clear();
      await unlisten();
    },
  };
}
