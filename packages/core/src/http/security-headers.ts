import type { FastifyInstance, FastifyReply } from 'fastify';

const BASE_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
};

// As pairs once, so the per-response loop allocates nothing.
const BASE_HEADER_PAIRS: readonly (readonly [string, string])[] = Object.entries(BASE_HEADERS);

// The web shell is a built bundle with no inline scripts; charts and drag-and-drop set inline styles.
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/** Adds the security headers and the correlation id to every response, errors and 404s included. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    applySecurityHeaders(reply, request.id);
    return payload;
  });
}

/** Also called directly for answers that bypass hooks (router errors). */
export function applySecurityHeaders(reply: FastifyReply, requestId: string): void {
  for (const [name, value] of BASE_HEADER_PAIRS) reply.header(name, value);
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', DEFAULT_CSP);
  reply.header('x-correlation-id', requestId);
}
