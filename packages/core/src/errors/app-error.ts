export interface ErrorSpec {
  status: number;
  message: string;
  hint: string;
}

export interface CatalogueEntry extends ErrorSpec {
  code: string;
  owner: string;
}

/**
 * The one error catalogue. Core and every module add their codes with `defineErrors`; the
 * catalogue is rendered into docs/errors.md and a test keeps that file in sync.
 */
const catalogue = new Map<string, CatalogueEntry>();

export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly hint: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: string, options: { message?: string; details?: unknown; headers?: Record<string, string>; cause?: unknown } = {}) {
    const spec = catalogue.get(code);
    if (!spec) throw new Error(`error code ${code} is not in the catalogue`);
    super(options.message ?? spec.message, { cause: options.cause });
    this.code = code;
    this.status = spec.status;
    this.hint = spec.hint;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export type ErrorFactory = (options?: { message?: string; details?: unknown; headers?: Record<string, string>; cause?: unknown }) => AppError;

export function defineErrors<const T extends Record<string, ErrorSpec>>(owner: string, specs: T): { [K in keyof T]: ErrorFactory } {
  const factories: Record<string, ErrorFactory> = {};
  for (const [code, spec] of Object.entries(specs)) {
    const existing = catalogue.get(code);
    if (existing && existing.owner !== owner) throw new Error(`error code ${code} is defined by both ${existing.owner} and ${owner}`);
    if (spec.status < 400 || spec.status > 599) throw new Error(`error code ${code} has a non-error status ${spec.status}`);
    catalogue.set(code, { ...spec, code, owner });
    factories[code] = (options) => new AppError(code, options);
  }
  return factories as { [K in keyof T]: ErrorFactory };
}

export function errorCatalogue(): CatalogueEntry[] {
  return [...catalogue.values()].sort((a, b) => a.owner.localeCompare(b.owner) || a.code.localeCompare(b.code));
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
