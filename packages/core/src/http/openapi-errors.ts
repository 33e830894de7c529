import type { RouteAccess } from '../identity/principal.ts';

const ERROR_SCHEMA = {
  type: 'object',
  description: 'A catalogued error; see docs/errors.md.',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' }, requestId: { type: 'string' }, details: {} },
      required: ['code', 'message', 'hint', 'requestId'],
    },
  },
  required: ['error'],
};

/** Documents the shared error responses on every route without changing how replies serialise. */
export function openApiErrorResponses(schema: Record<string, unknown> | undefined, access: RouteAccess | undefined): Record<string, unknown> {
  const base = { ...(schema ?? {}) };
  const response = { ...((base.response as Record<string, unknown> | undefined) ?? {}) };
  response['4XX'] ??= ERROR_SCHEMA;
  response['5XX'] ??= ERROR_SCHEMA;
  base.response = response;
  if (access === 'public') base.security = [];
  return base;
}
