import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.ts';

/**
 * The NOTIFY channel and the message on it, `{t: topic, p: payload, o: sending instance}`. Exported
 * because a module may send from inside SQL (a PL/pgSQL function that notifies on its own commit);
 * such a sender must use exactly this channel and shape.
 */
export const EVENT_BUS_CHANNEL = 'tessera_events';
export interface EventBusMessage {
  t: string;
  p: unknown;
  o: string;
}
const CHANNEL = EVENT_BUS_CHANNEL;
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
    let msg: EventBusMessage;
    try {
      msg = JSON.parse(raw) as EventBusMessage;
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
    const message: EventBusMessage = { t: topic, p: payload, o: instanceId };
    const text = JSON.stringify(message);
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
