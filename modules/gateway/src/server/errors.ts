import { defineErrors } from '@tessera/core';

export const gatewayErrors = defineErrors('gateway', {
  GATEWAY_BUDGET_EXHAUSTED: {
    status: 402,
    message: 'The wallet does not hold enough funds for this request.',
    hint: 'Top up the wallet of the organization, team or key, or lower max_tokens.',
  },
  GATEWAY_MODEL_NOT_FOUND: {
    status: 404,
    message: 'No provider serves this model.',
    hint: 'Use provider/model, a configured alias, or add a provider or route for it.',
  },
  GATEWAY_MODEL_NOT_ALLOWED: { status: 403, message: 'This key may not use this model.', hint: "Ask an admin to add the model to the key's allowed models." },
  GATEWAY_PROVIDER_ERROR: {
    status: 502,
    message: 'Every provider attempt failed.',
    hint: 'See details for each attempt; the gateway retried and fell back where configured.',
  },
  GATEWAY_PROVIDER_TIMEOUT: { status: 504, message: 'The provider did not answer in time.', hint: 'Raise the route timeout or configure a fallback.' },
  GATEWAY_UPSTREAM_REJECTED: { status: 400, message: 'The provider rejected the request.', hint: "The provider's own message is in the error message." },
  GATEWAY_PROVIDER_RATE_LIMITED: {
    status: 429,
    message: 'Every provider for this model is rate limiting the gateway.',
    hint: 'Retry after the delay in Retry-After, or add a fallback provider.',
  },
  GATEWAY_CIRCUIT_OPEN: {
    status: 503,
    message: 'Every provider for this model is failing; its circuit breaker is open.',
    hint: 'The gateway retries the provider after a short pause.',
  },
  GATEWAY_RATE_LIMITED: { status: 429, message: 'Rate limit of this key or address reached.', hint: 'Wait for the number of seconds in Retry-After.' },
  GATEWAY_GUARDRAIL_BLOCKED: {
    status: 400,
    message: 'A guardrail blocked this request.',
    hint: 'The request looked like a prompt injection or held personal data the key blocks.',
  },
  GATEWAY_INVALID_REQUEST: {
    status: 400,
    message: 'The request is not valid for this endpoint.',
    hint: 'Check the fields against the OpenAI or Anthropic API reference.',
  },
  GATEWAY_WALLET_NOT_FOUND: { status: 404, message: 'Wallet not found in this organization.', hint: 'Create the wallet first.' },
  GATEWAY_PROVIDER_NOT_FOUND: { status: 404, message: 'Provider not found in this organization.', hint: 'List providers with GET /api/gateway/providers.' },
  GATEWAY_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: 'The Idempotency-Key header is not valid.',
    hint: 'Send one Idempotency-Key of 1 to 200 visible ASCII characters, such as a UUID.',
  },
  GATEWAY_IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    message: 'A request with this Idempotency-Key is still running.',
    hint: 'Retry after the delay in Retry-After: the first answer is then replayed.',
  },
  GATEWAY_IDEMPOTENCY_STREAM_UNSUPPORTED: {
    status: 400,
    message: 'Idempotency-Key is not supported on streamed requests.',
    hint: 'Drop the header or send the request without stream: a stream cannot be replayed.',
  },
});
