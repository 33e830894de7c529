import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The gateway's Prometheus metrics, on the app's own registry (tests build many apps per process). */
export class GatewayMetrics {
  readonly requests: Counter<'endpoint' | 'provider' | 'model' | 'status'>;
  readonly latency: Histogram<'endpoint'>;
  readonly upstreamLatency: Histogram<'provider'>;
  readonly ttft: Histogram<'provider'>;
  readonly tokens: Counter<'provider' | 'model' | 'kind'>;
  readonly cost: Counter<'provider' | 'model'>;
  readonly cacheHits: Counter<'result'>;
  readonly rateLimited: Counter<'limit'>;
  readonly providerErrors: Counter<'provider' | 'status'>;
  readonly breakerOpen: Gauge<'provider'>;
  readonly budgetRefused: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'Gateway requests by endpoint, provider, model and status.',
      labelNames: ['endpoint', 'provider', 'model', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'Whole request time inside the gateway.',
      labelNames: ['endpoint'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upstreamLatency = new Histogram({
      name: 'gateway_upstream_duration_seconds',
      help: 'Provider call time (to the full answer or to the stream start).',
      labelNames: ['provider'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: 'gateway_time_to_first_token_seconds',
      help: 'Time from request to the first streamed content chunk.',
      labelNames: ['provider'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: 'gateway_tokens_total',
      help: 'Tokens by provider, model and kind (prompt, completion).',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    });
    this.cost = new Counter({ name: 'gateway_cost_micros_total', help: 'Cost charged, in micro-dollars.', labelNames: ['provider', 'model'], registers });
    this.cacheHits = new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Response cache lookups by result (hit, miss).',
      labelNames: ['result'],
      registers,
    });
    this.rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused by a gateway rate limit.', labelNames: ['limit'], registers });
    this.providerErrors = new Counter({
      name: 'gateway_provider_errors_total',
      help: 'Failed provider attempts by provider and status.',
      labelNames: ['provider', 'status'],
      registers,
    });
    this.breakerOpen = new Gauge({
      name: 'gateway_circuit_breaker_open',
      help: '1 while the provider circuit breaker is open.',
      labelNames: ['provider'],
      registers,
    });
    this.budgetRefused = new Counter({
      name: 'gateway_budget_refused_total',
      help: 'Requests refused because a wallet could not cover the maximum cost.',
      registers,
    });
  }
}
