/**
 * Typed client of the Status Board API for browsers and Node (global fetch only). Retries network
 * failures, 5xx and 429 with exponential backoff and full jitter (honouring Retry-After), sends an
 * Idempotency-Key with every create so a retried create never books twice, and rebases moves on
 * 409 conflicts.
 */
import type {
  Board,
  Card,
  CarryOverResult,
  Customer,
  HistoryEntry,
  MoveBody,
  MoveResult,
  PageOf,
  Service,
  ShopSettings,
  Stats,
  Technician,
  Vehicle,
} from './schemas.ts';
import type { AppointmentStatus } from './statuses.ts';

export const STATUS_BOARD_API = '/api/status-board';

export interface ClientOptions {
  /** Origin of the server ('' for same-origin in a browser). */
  baseUrl?: string;
  apiKey?: string;
  /** Organization slug, sent as x-tessera-org (sessions in several shops). */
  org?: string;
  /** CSRF token for cookie sessions. */
  csrfToken?: () => string | null;
  fetch?: typeof fetch;
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class StatusBoardError extends Error {
  override name = 'StatusBoardError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  /** Safe to send again (reads, moves, creates with a key). */
  retry?: boolean;
}

export interface RebaseContext {
  current: Card;
  wanted: Omit<MoveBody, 'expectedVersion'>;
  attempt: number;
}

function newKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class StatusBoardClient {
  private readonly o: Required<Pick<ClientOptions, 'baseUrl' | 'retries' | 'baseDelayMs' | 'maxDelayMs' | 'random' | 'sleep'>> & ClientOptions;

  constructor(options: ClientOptions = {}) {
    this.o = {
      baseUrl: '',
      retries: 4,
      baseDelayMs: 200,
      maxDelayMs: 5000,
      random: Math.random,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      ...options,
    };
  }

  /** Backoff before attempt `n` (1-based retry count): full jitter over an exponential cap. */
  backoffMs(n: number, retryAfter: number | null): number {
    const cap = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (n - 1));
    const jittered = Math.floor(this.o.random() * cap);
    return retryAfter !== null ? Math.max(retryAfter, jittered) : jittered;
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
    const doFetch = this.o.fetch ?? globalThis.fetch.bind(globalThis);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.o.apiKey) headers['authorization'] = `Bearer ${this.o.apiKey}`;
    if (this.o.org) headers['x-tessera-org'] = this.o.org;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    const canRetry = opts.retry ?? method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const csrf = method !== 'GET' ? this.o.csrfToken?.() : null;
      if (csrf) headers['x-csrf-token'] = csrf;
      let res: Response;
      try {
        res = await doFetch(`${this.o.baseUrl}${STATUS_BOARD_API}${path}`, {
          method,
          headers,
          credentials: 'same-origin',
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        });
      } catch (err) {
        if (!canRetry || attempt >= this.o.retries) throw new StatusBoardError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : 'network error');
        await this.o.sleep(this.backoffMs(attempt + 1, null));
        continue;
      }
      if (res.ok) {
        const text = await res.text();
        return (text ? JSON.parse(text) : null) as T;
      }
      const transient = res.status >= 500 || res.status === 429;
      if (transient && canRetry && attempt < this.o.retries) {
        await res.text().catch(() => '');
        await this.o.sleep(this.backoffMs(attempt + 1, retryAfterMs(res.headers.get('retry-after'))));
        continue;
      }
      const text = await res.text().catch(() => '');
      let err: { code?: string; message?: string; details?: unknown } = {};
      try {
        err = (JSON.parse(text) as { error?: typeof err }).error ?? {};
      } catch {
        // Not JSON (a proxy error page): keep the status.
      }
      throw new StatusBoardError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `HTTP ${res.status}`, err.details);
    }
  }

  private create<T>(path: string, body: unknown, idempotencyKey = newKey()): Promise<T> {
    return this.request<T>('POST', path, { body, idempotencyKey, retry: true });
  }

  private list<T>(path: string, query: Record<string, string | number | boolean | undefined>): Promise<PageOf<T>> {
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return this.request<PageOf<T>>('GET', qs ? `${path}?${qs}` : path);
  }

  /** The day's board; without a date, the shop's today in its time zone. */
  board(date?: string): Promise<Board> {
    return this.request<Board>('GET', date === undefined ? '/board' : `/board?date=${encodeURIComponent(date)}`);
  }
  stats(date?: string): Promise<Stats> {
    return this.request<Stats>('GET', date === undefined ? '/stats' : `/stats?date=${encodeURIComponent(date)}`);
  }
  /** Hands `from`'s unfinished jobs to `to` (harmless to repeat: nothing is left to carry). */
  carryOver(from: string, to: string): Promise<CarryOverResult> {
    return this.request<CarryOverResult>('POST', '/carry-over', { body: { from, to }, retry: true });
  }
  settings(): Promise<ShopSettings> {
    return this.request<ShopSettings>('GET', '/settings');
  }
  updateSettings(body: { timeZone: string }): Promise<ShopSettings> {
    return this.request<ShopSettings>('PUT', '/settings', { body });
  }
  eventsUrl(date: string): string {
    return `${this.o.baseUrl}${STATUS_BOARD_API}/events?date=${encodeURIComponent(date)}`;
  }

  /** One move; re-sending it is harmless (the server recognises an applied identical move). */
  move(id: string, body: MoveBody): Promise<MoveResult> {
    return this.request<MoveResult>('POST', `/appointments/${id}/move`, { body, retry: true });
  }

  /**
   * Moves and, on a version conflict, refetches the card and asks `rebase` how to proceed
   * (default: same target on the fresh version, unless the card already sits there).
   */
  async moveWithRebase(
    id: string,
    wanted: Omit<MoveBody, 'expectedVersion'>,
    expectedVersion: number,
    rebase?: (ctx: RebaseContext) => Omit<MoveBody, 'expectedVersion'> | null,
    maxAttempts = 3,
  ): Promise<MoveResult> {
    let version = expectedVersion;
    let target = wanted;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.move(id, { ...target, expectedVersion: version });
      } catch (err) {
        if (!(err instanceof StatusBoardError) || err.code !== 'BOARD_VERSION_CONFLICT' || attempt >= maxAttempts) throw err;
        const current = (err.details as { current?: Card } | undefined)?.current ?? (await this.appointment(id));
        const next = rebase ? rebase({ current, wanted: target, attempt }) : defaultRebase(current, target);
        if (!next) throw err;
        target = next;
        version = current.version;
      }
    }
  }

  services(q?: { q?: string; limit?: number; offset?: number; active?: boolean }): Promise<PageOf<Service>> {
    return this.list<Service>('/services', { ...q });
  }
  createService(
    body: { code: string; name: string; priceCents: number; durationMinutes: number; active?: boolean },
    idempotencyKey?: string,
  ): Promise<Service> {
    return this.create<Service>('/services', body, idempotencyKey);
  }
  updateService(id: string, body: Partial<Omit<Service, 'id'>>): Promise<Service> {
    return this.request<Service>('PATCH', `/services/${id}`, { body });
  }
  deleteService(id: string): Promise<{ ok: boolean }> {
    return this.request('DELETE', `/services/${id}`);
  }
  technicians(q?: { q?: string; limit?: number; offset?: number }): Promise<PageOf<Technician>> {
    return this.list<Technician>('/technicians', { ...q });
  }
  createTechnician(body: { name: string; active?: boolean; dailyCapacityMinutes?: number }, idempotencyKey?: string): Promise<Technician> {
    return this.create<Technician>('/technicians', body, idempotencyKey);
  }
  updateTechnician(id: string, body: Partial<Omit<Technician, 'id'>>): Promise<Technician> {
    return this.request<Technician>('PATCH', `/technicians/${id}`, { body });
  }
  deleteTechnician(id: string): Promise<{ ok: boolean }> {
    return this.request('DELETE', `/technicians/${id}`);
  }
  customers(q?: { q?: string; limit?: number; offset?: number }): Promise<PageOf<Customer>> {
    return this.list<Customer>('/customers', { ...q });
  }
  createCustomer(body: { name: string; phone?: string | null; email?: string | null }, idempotencyKey?: string): Promise<Customer> {
    return this.create<Customer>('/customers', body, idempotencyKey);
  }
  vehicles(q?: { q?: string; customerId?: string; limit?: number; offset?: number }): Promise<PageOf<Vehicle>> {
    return this.list<Vehicle>('/vehicles', { ...q });
  }
  createVehicle(
    body: Omit<Vehicle, 'id' | 'year' | 'vin' | 'plate'> & { year?: number | null; vin?: string | null; plate?: string | null },
    idempotencyKey?: string,
  ): Promise<Vehicle> {
    return this.create<Vehicle>('/vehicles', body, idempotencyKey);
  }
  appointments(q?: { date?: string; status?: AppointmentStatus; customerId?: string; limit?: number; offset?: number }): Promise<PageOf<Card>> {
    return this.list<Card>('/appointments', { ...q });
  }
  appointment(id: string): Promise<Card> {
    return this.request<Card>('GET', `/appointments/${id}`);
  }
  createAppointment(
    body: {
      date: string;
      customerId: string;
      serviceIds: string[];
      vehicleId?: string | null;
      technicianId?: string | null;
      windowStart?: string | null;
      windowEnd?: string | null;
      promisedAt?: string | null;
      notes?: string;
    },
    idempotencyKey?: string,
  ): Promise<Card> {
    return this.create<Card>('/appointments', body, idempotencyKey);
  }
  updateAppointment(id: string, body: { expectedVersion: number } & Record<string, unknown>): Promise<Card> {
    return this.request<Card>('PATCH', `/appointments/${id}`, { body });
  }
  history(id: string): Promise<HistoryEntry[]> {
    return this.request<HistoryEntry[]>('GET', `/appointments/${id}/history`);
  }
  labels(): Promise<{ status: AppointmentStatus; label: string }[]> {
    return this.request('GET', '/labels');
  }
  setLabel(status: AppointmentStatus, label: string): Promise<{ status: AppointmentStatus; label: string }> {
    return this.request('PUT', `/labels/${status}`, { body: { label } });
  }
}

/** Keep the user's intent (column and neighbours) on the fresh version; nothing to do if it is already there. */
export function defaultRebase(current: Card, wanted: Omit<MoveBody, 'expectedVersion'>): Omit<MoveBody, 'expectedVersion'> | null {
  if (current.status === wanted.toStatus && !wanted.afterId && !wanted.beforeId) return null;
  return wanted;
}
