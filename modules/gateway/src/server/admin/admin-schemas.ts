import { Type } from 'typebox';
import { PROVIDER_KINDS } from '../providers/provider-types.ts';

export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Json = Type.Object({}, { additionalProperties: true });
export const JsonList = Type.Array(Json);
export const Name = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' });

/**
 * A rate limit in a request body: a whole number from 1 to `maximum`, or null for the default.
 * One `type: ['integer', 'null']` rather than `Type.Union([Type.Null(), Type.Integer()])`: the
 * app's Ajv coerces types (`coerceTypes: 'array'`), and in an anyOf the null branch turns 0 and
 * false into null, so a limit of 0 silently became "the default". With a type list a number stays
 * a number and 0 is refused by `minimum` (400 VALIDATION_FAILED, "must be >= 1"); only an empty
 * string still coerces to null. Zero is refused rather than meaning "block": revoke the key instead.
 */
export const NullableLimit = (maximum: number) => Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum });

const ProviderConfig = Type.Object(
  {
    apiVersion: Type.Optional(Type.String({ maxLength: 40 })),
    deployments: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 }))),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    completionTokens: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    headers: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }))),
    models: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);

export const ProviderCreate = Type.Object(
  {
    name: Name,
    kind: Type.Union(PROVIDER_KINDS.map((k) => Type.Literal(k))),
    baseUrl: Type.Optional(Type.Union([Type.Null(), Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://' })])),
    apiKey: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 4000 })])),
    config: Type.Optional(ProviderConfig),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ProviderUpdate = Type.Object(
  {
    baseUrl: Type.Optional(Type.Union([Type.Null(), Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://' })])),
    apiKey: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 4000 })])),
    config: Type.Optional(ProviderConfig),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Target = Type.Object(
  {
    provider: Name,
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    fallback: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RouteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    match: Type.Optional(
      Type.Object(
        {
          model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          apiKeyIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })),
          teamIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })),
          metadata: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.String({ maxLength: 200 }))),
        },
        { additionalProperties: false },
      ),
    ),
    targets: Type.Array(Target, { minItems: 1, maxItems: 20 }),
    retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AliasBody = Type.Object(
  { alias: Type.String({ minLength: 1, maxLength: 200 }), target: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 200 })]) },
  { additionalProperties: false },
);
export const PriceBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 200 }),
    inputMicrosPerM: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    outputMicrosPerM: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
);
export const TeamBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
export const WalletBody = Type.Object(
  { scopeType: Type.Union([Type.Literal('org'), Type.Literal('team'), Type.Literal('key')]), scopeId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export const TopUpBody = Type.Object(
  { amountMicros: Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 }), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const KeySettingsBody = Type.Object(
  {
    teamId: Type.Optional(Type.Union([Type.Null(), Type.String({ format: 'uuid' })])),
    rpm: Type.Optional(NullableLimit(10_000_000)),
    tpm: Type.Optional(NullableLimit(1_000_000_000)),
    allowedModels: Type.Optional(Type.Union([Type.Null(), Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 })])),
    guardrails: Type.Optional(
      Type.Object(
        {
          injection: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('log'), Type.Literal('block')])),
          pii: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('log'), Type.Literal('redact'), Type.Literal('block')])),
          cacheTtlSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const UsageQuery = Type.Object(
  {
    by: Type.Optional(Type.Union(['day', 'model', 'provider', 'key', 'team'].map((k) => Type.Literal(k)))),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export const PlaygroundBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 200 }),
    messages: Type.Array(
      Type.Object(
        { role: Type.Union([Type.Literal('system'), Type.Literal('user'), Type.Literal('assistant')]), content: Type.String({ maxLength: 100_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    maxTokens: Type.Optional(Type.Integer({ minimum: 1, maximum: 32_000 })),
  },
  { additionalProperties: false },
);

/** Everything of the organization when empty; otherwise only entries of this model and/or key. */
export const CacheFlushBody = Type.Optional(
  Type.Object(
    {
      model: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      apiKeyId: Type.Optional(Type.String({ format: 'uuid' })),
    },
    { additionalProperties: false },
  ),
);
