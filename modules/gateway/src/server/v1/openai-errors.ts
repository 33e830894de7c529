import { toAppError, type App } from '@tessera/core';

function typeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export interface OpenAiErrorBody {
  type?: 'error';
  error: { message: string; type: string; code: string; param: string | null; request_id: string };
}

/** The error body OpenAI's SDKs parse, carrying the platform's catalogue code; Anthropic's SDKs read the same body. */
export function openAiErrorBody(status: number, code: string, message: string, requestId: string, anthropic: boolean): OpenAiErrorBody {
  const body: OpenAiErrorBody = { error: { message, type: typeFor(status), code, param: null, request_id: requestId } };
  return anthropic ? { type: 'error', ...body } : body;
}

/** Installs OpenAI-shaped errors for the /v1 plugin, including auth and rate-limit errors of the core hooks. */
export function installOpenAiErrorHandler(app: App): void {
  app.setErrorHandler(async (err, request, reply) => {
    const e = toAppError(err);
    if (e.status >= 500) request.log.error({ err, code: e.code }, 'gateway request failed');
    for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
    const message = e.status >= 500 && e.code === 'INTERNAL' ? 'Internal error.' : e.message;
    const details = e.status < 500 ? e.details : (e.details as { attempts?: unknown } | undefined)?.attempts ? e.details : undefined;
    const attempts = (details as { attempts?: { provider: string }[] } | undefined)?.attempts;
    if (attempts) reply.header('x-alfred-attempts', String(attempts.length));
    const body = openAiErrorBody(e.status, e.code, message, request.id, request.url.startsWith('/v1/messages'));
    return reply.status(e.status).type('application/json').send(JSON.stringify(body));
  });
}
