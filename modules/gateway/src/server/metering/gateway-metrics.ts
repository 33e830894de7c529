import { Counter, Gauge, Histogram, type CounterConfiguration, type Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * A counter whose increments on the request path only add to a plain map (keyed by the label
 * values in a fixed order); prom-client, which hashes and validates labels on every call, gets
 * the totals when the registry is scraped.
 */
export class BatchedCounter<L extends string> {
  private readonly pending = new Map<string, { labels: Record<L, string>; value: number }>();
  private readonly names: readonly L[];
  readonly metric: Counter<L>;

  constructor(config: CounterConfiguration<L> & { labelNames: readonly L[] }) {
    const pending = this.pending;
    this.names = config.labelNames;
    this.metric = new Counter<L>({
      ...config,
      collect(this: Counter<L>) {
        for (const p of pending.values()) this.inc(p.labels, p.value);
        pending.clear();
      },
    });
  }

  inc(labels: Record<L, string>, value = 1): void {
    let key = '';
    for (const n of this.names) key += `${labels[n]}\u0001`;
    const hit = this.pending.get(key);
    if (hit) hit.value += value;
    else this.pending.set(key, { labels, value });
  }
}

/** The gateway's Prometheus metrics, on the app's own registry (tests build many apps per process). */
export class GatewayMetrics {
  readonly requests: BatchedCounter<'endpoint' | 'provider' | 'model' | 'status'>;
  readonly latency: Histogram<'endpoint'>;
  readonly upstreamLatency: Histogram<'provider'>;
  readonly ttft: Histogram<'provider'>;
  readonly tokens: BatchedCounter<'provider' | 'model' | 'kind'>;
  readonly cost: BatchedCounter<'provider' | 'model'>;
  readonly cacheHits: Counter<'result'>;
  readonly rateLimited: Counter<'limit'>;
  readonly providerErrors: Counter<'provider' | 'status'>;
  readonly breakerOpen: Gauge<'provider' | 'provider_id'>;
  readonly budgetRefused: Counter;
  readonly budgetOverrun: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new BatchedCounter({
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
    this.tokens = new BatchedCounter({
      name: 'gateway_tokens_total',
      help: 'Tokens by provider, model and kind (prompt, completion).',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    });
    this.cost = new BatchedCounter({
      name: 'gateway_cost_micros_total',
      help: 'Cost charged, in micro-dollars.',
      labelNames: ['provider', 'model'],
      registers,
    });
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
      help: '1 while the provider circuit breaker is open (calls skip it), 0 once it closed again.',
      labelNames: ['provider', 'provider_id'],
      registers,
    });
    this.budgetOverrun = new Counter({
      name: 'gateway_budget_overrun_micros_total',
      help: "Charges above the request's hold (its prompt was larger than estimated): how far wallets can overshoot.",
      registers,
    });
    this.budgetRefused = new Counter({
      name: 'gateway_budget_refused_total',
      help: 'Requests refused because a wallet could not cover the maximum cost.',
      registers,
    });
  }
}
