import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per app instance (tests build many apps in one process). Modules add
 * their own metrics to `registry`.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly activeConnections = new Gauge({ name: 'http_active_connections', help: 'Open TCP connections to the HTTP server.', registers: [this.registry] });
  readonly rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'auth_failures_total',
    help: 'Refused authentications by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(collectProcessMetrics: boolean) {
    if (collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
