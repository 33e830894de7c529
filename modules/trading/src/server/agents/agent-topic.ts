import type { Platform } from '@tessera/core';

export const AGENT_TOPIC = 'trading.agent.changed';

/**
 * What travels on the cross-instance bus when a session gains a step or finishes: ids only (a
 * step's tool output can exceed the NOTIFY size limit), subscribers read the rows themselves.
 */
export interface AgentChangedPayload {
  orgId: string;
  sessionId: string;
  n: number | null;
  finished: boolean;
}

/** Best effort: a lost notification only delays a stream until its next periodic catch-up. */
export async function publishAgentChange(platform: Platform, payload: AgentChangedPayload): Promise<void> {
  await platform.events.publish(AGENT_TOPIC, payload).catch((err: unknown) => {
    platform.log.warn({ err: err instanceof Error ? err.message : 'unknown', sessionId: payload.sessionId }, 'agent change not published');
  });
}
