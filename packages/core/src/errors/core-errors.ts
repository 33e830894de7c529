import { defineErrors } from './app-error.ts';

export const coreErrors = defineErrors('core', {
  VALIDATION_FAILED: {
    status: 400,
    message: 'The request does not match the schema.',
    hint: 'See `details` for the failing fields and fix the request body, query or path.',
  },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.', hint: 'Send a well-formed JSON document with content-type application/json.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'The content type is not supported by this route.',
    hint: 'Send application/json unless the route documents another type.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    message: 'The request body is larger than this server accepts.',
    hint: 'Split the upload or raise BODY_LIMIT_BYTES / UPLOAD_LIMIT_BYTES.',
  },
  AUTH_REQUIRED: { status: 401, message: 'Authentication is required.', hint: 'Send `Authorization: Bearer <api key>` or sign in to get a session cookie.' },
  AUTH_INVALID: { status: 401, message: 'The credentials are invalid, expired or revoked.', hint: 'Create a new API key or sign in again.' },
  SIGN_IN_FAILED: {
    status: 401,
    message: 'Email or password is wrong.',
    hint: 'Check the address and password; the demo user is printed when the server first starts.',
  },
  CSRF_FAILED: {
    status: 403,
    message: 'The CSRF token is missing or wrong.',
    hint: 'Send the `x-csrf-token` header returned by sign-in or GET /api/auth/me with every state-changing request.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Your role or key scopes do not allow this action.',
    hint: 'Ask an owner or admin of the organization for a higher role or a key with the needed scope.',
  },
  ORG_REQUIRED: {
    status: 400,
    message: 'Choose an organization for this request.',
    hint: 'Send the `x-tessera-org` header with the slug of an organization you belong to.',
  },
  ORG_NOT_MEMBER: { status: 403, message: 'You are not a member of that organization.', hint: 'Use the slug of an organization listed by GET /api/auth/me.' },
  URL_INVALID: { status: 400, message: 'The URL is malformed.', hint: 'Percent-encode path segments and query values.' },
  URI_TOO_LONG: { status: 414, message: 'A path segment of the URL is too long.', hint: 'Ids are at most 200 characters; check the URL.' },
  NOT_FOUND: { status: 404, message: 'Nothing was found at this address.', hint: 'Check the URL; /openapi.json lists every route.' },
  RESOURCE_NOT_FOUND: {
    status: 404,
    message: 'The requested record does not exist in this organization.',
    hint: 'Check the id; records of other organizations are never visible.',
  },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.', hint: 'See /openapi.json for the methods of this route.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.', hint: 'Reload the record and try again.' },
  ALREADY_EXISTS: { status: 409, message: 'A record with that unique value already exists.', hint: 'Choose another value or update the existing record.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This idempotency key was already used with a different request.',
    hint: 'Use a fresh Idempotency-Key for a different request.',
  },
  RATE_LIMITED: { status: 429, message: 'Too many requests.', hint: 'Wait for the number of seconds in the Retry-After header, then retry.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.', hint: 'Retry later; quote the request id to support if it persists.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'A dependency of this service is unavailable.', hint: 'Retry later; /readyz reports which dependency is down.' },
  LLM_UNAVAILABLE: {
    status: 503,
    message: 'No language model is available to this platform.',
    hint: 'Enable the gateway module (MODULES) and configure a provider.',
  },
});
