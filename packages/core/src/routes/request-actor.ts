import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-trail.ts';

/** The audit actor for a request: the user behind a session, or the API key. */
export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  if (!p) return { type: 'system', id: null };
  if (p.kind === 'api-key') return { type: 'api-key', id: p.apiKeyId };
  return { type: 'user', id: p.userId };
}
