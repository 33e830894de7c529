/**
 * Builds a minimal value that satisfies a JSON schema's required shape, so cross-tenant probes
 * send plausible requests (a refused probe must be refused for the foreign id, not for a bad body).
 */
export function sampleFromSchema(schema: unknown, idHint?: string, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 6) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length) {
    const nonNull = variants.find((v) => (v as { type?: unknown }).type !== 'null') ?? variants[0];
    return sampleFromSchema(nonNull, idHint, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const format = s.format as string | undefined;
      if (format === 'uuid') return idHint ?? '00000000-0000-4000-8000-000000000000';
      if (format === 'date') return new Date().toISOString().slice(0, 10);
      if (format === 'date-time') return new Date().toISOString();
      if (format === 'email') return 'probe@example.com';
      if (typeof s.pattern === 'string' && /\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(s.pattern)) return new Date().toISOString().slice(0, 10);
      const min = typeof s.minLength === 'number' ? s.minLength : 1;
      return 'p'.repeat(Math.max(1, Math.min(min, 8)));
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return true;
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 ? [sampleFromSchema(s.items, idHint, depth + 1)] : [];
    case 'object': {
      const props = (s.properties as Record<string, unknown> | undefined) ?? {};
      const required = (s.required as string[] | undefined) ?? [];
      return Object.fromEntries(required.map((k) => [k, sampleFromSchema(props[k], idHint, depth + 1)]));
    }
    default:
      return null;
  }
}
