import { Type } from 'typebox';

// Array branches come first in unions: with coerceTypes 'array', a string branch tried first would
// unwrap a one-item array in place before the array branch sees it.
// OpenAI and Anthropic add request fields often; unknown fields pass through to the provider,
// so these bodies stay open (additionalProperties) while the fields the gateway reads are typed.
const Role = Type.Union([
  Type.Literal('system'),
  Type.Literal('developer'),
  Type.Literal('user'),
  Type.Literal('assistant'),
  Type.Literal('tool'),
  Type.Literal('function'),
]);
const Content = Type.Union([
  Type.Array(Type.Object({ type: Type.String({ maxLength: 40 }) }, { additionalProperties: true }), { maxItems: 500 }),
  Type.String({ maxLength: 2_000_000 }),
  Type.Null(),
]);
const ToolCall = Type.Object({
  id: Type.String({ maxLength: 200 }),
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String({ maxLength: 200 }), arguments: Type.String({ maxLength: 1_000_000 }) }),
});

// `type: [x, 'null']` instead of a union: with coercion, a union's null branch would turn 0 into null
// (temperature 0 becoming the provider default) or its number branch null into 0.
function nullableNumber(opts: { minimum: number; maximum: number; integer?: boolean }) {
  return Type.Unsafe<number | null>({ type: [opts.integer ? 'integer' : 'number', 'null'], minimum: opts.minimum, maximum: opts.maximum });
}

export const ChatBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 256 }),
    messages: Type.Array(
      Type.Object(
        {
          role: Role,
          content: Type.Optional(Content),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          tool_calls: Type.Optional(Type.Array(ToolCall, { maxItems: 128 })),
          tool_call_id: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: true },
      ),
      { minItems: 1, maxItems: 4000 },
    ),
    stream: Type.Optional(Type.Boolean()),
    stream_options: Type.Optional(Type.Union([Type.Null(), Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, { additionalProperties: true })])),
    max_tokens: Type.Optional(nullableNumber({ minimum: 1, maximum: 1_000_000, integer: true })),
    max_completion_tokens: Type.Optional(nullableNumber({ minimum: 1, maximum: 1_000_000, integer: true })),
    temperature: Type.Optional(nullableNumber({ minimum: 0, maximum: 2 })),
    tools: Type.Optional(
      Type.Array(
        Type.Object({
          type: Type.Literal('function'),
          function: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 128 }),
              description: Type.Optional(Type.String({ maxLength: 10_000 })),
              parameters: Type.Optional(Type.Object({}, { additionalProperties: true })),
            },
            { additionalProperties: true },
          ),
        }),
        { maxItems: 256 },
      ),
    ),
    response_format: Type.Optional(Type.Union([Type.Null(), Type.Object({ type: Type.String({ maxLength: 40 }) }, { additionalProperties: true })])),
    user: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: true },
);

export const EmbeddingBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 256 }),
    // Checked by validEmbeddingInput: type coercion would turn token arrays into strings or back.
    input: Type.Unknown(),
    encoding_format: Type.Optional(Type.Union([Type.Literal('float'), Type.Literal('base64')])),
    dimensions: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    user: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

const Block = Type.Object({ type: Type.String({ maxLength: 40 }) }, { additionalProperties: true });
export const MessagesBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 256 }),
    max_tokens: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    messages: Type.Array(
      Type.Object(
        {
          role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
          content: Type.Union([Type.Array(Block, { maxItems: 500 }), Type.String({ maxLength: 2_000_000 })]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 4000 },
    ),
    system: Type.Optional(Type.Union([Type.Array(Block, { maxItems: 100 }), Type.String({ maxLength: 2_000_000 })])),
    stream: Type.Optional(Type.Boolean()),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    stop_sequences: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 16 })),
    tools: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 128 }),
            description: Type.Optional(Type.String({ maxLength: 10_000 })),
            input_schema: Type.Optional(Type.Object({}, { additionalProperties: true })),
          },
          { additionalProperties: true },
        ),
        { maxItems: 256 },
      ),
    ),
    tool_choice: Type.Optional(
      Type.Object({ type: Type.String({ maxLength: 20 }), name: Type.Optional(Type.String({ maxLength: 128 })) }, { additionalProperties: true }),
    ),
    metadata: Type.Optional(Type.Object({ user_id: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const AnyJson = Type.Object({}, { additionalProperties: true });
export const OpenAiError = Type.Object(
  {
    error: Type.Object(
      { message: Type.String(), type: Type.String(), code: Type.String(), param: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

/** string | string[] | number[] | number[][], bounded; checked by hand because of type coercion. */
export function validEmbeddingInput(input: unknown): boolean {
  const isInts = (v: unknown) => Array.isArray(v) && v.length > 0 && v.length <= 100_000 && v.every((n) => Number.isInteger(n));
  if (typeof input === 'string') return input.length <= 1_000_000;
  if (!Array.isArray(input) || input.length === 0 || input.length > 2048) return false;
  if (input.every((x) => typeof x === 'string' && x.length <= 1_000_000)) return true;
  if (isInts(input)) return true;
  return input.every(isInts);
}
