import type { FastifyRequest } from 'fastify';
import { coreErrors } from '@tessera/core';

/**
 * Whose data a request touches: the signed-in user, or for an API key without a user, the key
 * itself (so a machine key gets its own portfolios and limits rather than someone else's).
 */
export function subjectOf(request: FastifyRequest): { orgId: string; userId: string } {
  const p = request.principal;
  const userId = p?.userId ?? p?.apiKeyId;
  if (!userId || !request.tenant) throw coreErrors.AUTH_REQUIRED();
  return { orgId: request.tenant.orgId, userId };
}
