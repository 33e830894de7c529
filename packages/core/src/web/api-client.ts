/**
 * Browser-safe API access for module pages (no Node imports here). The shell sets the CSRF token
 * after sign-in; each call names the organization it acts in.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  hint: string;
  requestId: string;
  details?: unknown;
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Slug of the organization the call acts in (sent as x-tessera-org). */
  org?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.org) headers['x-tessera-org'] = request.org;
  if (request.body !== undefined && !(request.body instanceof FormData)) headers['content-type'] = 'application/json';
  if (request.method && request.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method: request.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.body !== undefined ? { body: request.body instanceof FormData ? request.body : JSON.stringify(request.body) } : {}),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = (parsed as { error?: ApiErrorBody } | null)?.error;
    throw new ApiError(
      res.status,
      err ?? { code: 'HTTP_ERROR', message: `HTTP ${res.status}`, hint: '', requestId: res.headers.get('x-correlation-id') ?? '' },
    );
  }
  return parsed as T;
}

/** What a module's `src/web/index.ts` exports for the shell's navigation and router. */
export interface ModuleWebEntry {
  name: string;
  title: string;
  /** Path prefix in the shell, e.g. `/status-board`; the module owns everything below it. */
  path: string;
  /** The module's demo organization, chosen by default when the user belongs to it. */
  defaultOrgSlug: string;
  /** Rendered for `path` and every sub-path; `org` is the slug to send with API calls. */
  Component: (props: { org: string; basePath: string }) => unknown;
}
