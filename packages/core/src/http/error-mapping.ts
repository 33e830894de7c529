import type { FastifyError } from 'fastify';
import { AppError, isAppError } from '../errors/app-error.ts';
import { coreErrors } from '../errors/core-errors.ts';
import { pgErrorOf } from '../db/sql-rows.ts';

const PG_CODE_TO_ERROR: Record<string, () => AppError> = {
  '23505': () => coreErrors.ALREADY_EXISTS(),
  '23503': () => coreErrors.RESOURCE_NOT_FOUND({ message: 'A referenced record does not exist in this organization.' }),
  '23514': () => coreErrors.VALIDATION_FAILED({ message: 'A value breaks a rule of the data model.' }),
  '23502': () => coreErrors.VALIDATION_FAILED({ message: 'A required value is missing.' }),
  '22P02': () => coreErrors.VALIDATION_FAILED({ message: 'A value has the wrong format.' }),
  '22003': () => coreErrors.VALIDATION_FAILED({ message: 'A number is out of range.' }),
  '22007': () => coreErrors.VALIDATION_FAILED({ message: 'A date or time is invalid.' }),
  '22008': () => coreErrors.VALIDATION_FAILED({ message: 'A date or time is out of range.' }),
  '22001': () => coreErrors.VALIDATION_FAILED({ message: 'A text value is too long.' }),
  '40001': () => coreErrors.CONFLICT({ message: 'A concurrent change won; retry the request.' }),
  '40P01': () => coreErrors.CONFLICT({ message: 'A concurrent change won; retry the request.' }),
};

/**
 * Maps anything thrown in a request to a catalogued error. Database constraint violations become
 * 4xx (the database is the last line of validation); anything unknown becomes INTERNAL.
 */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const fe = err as Partial<FastifyError> & { validation?: unknown; code?: string; cause?: unknown };
  if (fe.validation) return coreErrors.VALIDATION_FAILED({ message: fe.message ?? 'The request does not match the schema.', details: fe.validation });
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return coreErrors.MALFORMED_JSON();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return coreErrors.BODY_TOO_LARGE();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return coreErrors.UNSUPPORTED_MEDIA_TYPE();
    case 'FST_ERR_NOT_FOUND':
      return coreErrors.NOT_FOUND();
    default:
      break;
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) return coreErrors.MALFORMED_JSON();
  const pgCode = pgErrorOf(err)?.code;
  if (pgCode && PG_CODE_TO_ERROR[pgCode]) return PG_CODE_TO_ERROR[pgCode]();
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return coreErrors.BODY_TOO_LARGE();
    if (fe.statusCode === 415) return coreErrors.UNSUPPORTED_MEDIA_TYPE();
    if (fe.statusCode === 404) return coreErrors.NOT_FOUND();
    if (fe.statusCode === 429) return coreErrors.RATE_LIMITED();
    return coreErrors.VALIDATION_FAILED({ message: fe.message ?? 'Bad request.' });
  }
  return coreErrors.INTERNAL({ cause: err });
}

export interface ErrorBody {
  error: { code: string; message: string; hint: string; requestId: string; details?: unknown };
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  // 5xx bodies never carry details or the original message: they may hold internals.
  const body: ErrorBody = { error: { code: error.code, message: error.message, hint: error.hint, requestId } };
  if (error.status < 500 && error.details !== undefined) body.error.details = error.details;
  return body;
}
