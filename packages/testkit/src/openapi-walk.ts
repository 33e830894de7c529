import type { App } from '@tessera/core';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  public: boolean;
  pathParams: string[];
  query: Record<string, { type?: string; format?: string; required: boolean; enum?: unknown[] }>;
  hasBody: boolean;
  bodySchema: Record<string, unknown> | null;
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean; schema?: { type?: string; format?: string; enum?: unknown[] } }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
}

/** Every operation in the app's OpenAPI document (hidden routes excluded). */
export async function listRoutes(app: App): Promise<RouteSpec[]> {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  const doc = res.json<{ paths: Record<string, Record<string, OpenApiOperation>> }>();
  const routes: RouteSpec[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (m !== 'GET' && m !== 'POST' && m !== 'PUT' && m !== 'PATCH' && m !== 'DELETE') continue;
      const params = op.parameters ?? [];
      const query: RouteSpec['query'] = {};
      for (const p of params.filter((x) => x.in === 'query')) {
        query[p.name] = {
          required: p.required === true,
          ...(p.schema?.type ? { type: p.schema.type } : {}),
          ...(p.schema?.format ? { format: p.schema.format } : {}),
          ...(p.schema?.enum ? { enum: p.schema.enum } : {}),
        };
      }
      const bodySchema = op.requestBody?.content ? (Object.values(op.requestBody.content)[0]?.schema ?? null) : null;
      routes.push({
        method: m,
        path,
        public: Array.isArray(op.security) && op.security.length === 0,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query,
        hasBody: bodySchema !== null,
        bodySchema,
      });
    }
  }
  return routes;
}

/** `/a/{id}/b` with each parameter replaced. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}
