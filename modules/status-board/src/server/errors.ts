import { defineErrors } from '@tessera/core';

export const boardErrors = defineErrors('status-board', {
  BOARD_VERSION_CONFLICT: {
    status: 409,
    message: 'The card was changed by someone else since you loaded it.',
    hint: '`details.current` holds the card as it is now: rebase your change on its version and retry.',
  },
  BOARD_TRANSITION_FORBIDDEN: {
    status: 422,
    message: 'A job cannot move between these columns.',
    hint: 'See `details.allowed` for the columns this job may move to from its current one.',
  },
  BOARD_GUARD_FAILED: {
    status: 422,
    message: 'The job is not ready for that column.',
    hint: 'A job needs a technician and at least one priced service line before it can be completed.',
  },
  BOARD_NEIGHBOUR_INVALID: {
    status: 422,
    message: 'afterId/beforeId must name other jobs in the target column of the same day.',
    hint: 'Reload the board and send ids of cards that are in the column you drop into.',
  },
  BOARD_INVALID_DATE: { status: 400, message: 'The date is not a valid calendar date (YYYY-MM-DD).', hint: 'Send a real date such as 2025-09-20.' },
  BOARD_TIME_ZONE_INVALID: {
    status: 400,
    message: 'The time zone is not a known IANA time zone name.',
    hint: 'Send a name such as America/Chicago or UTC.',
  },
  BOARD_RESOURCE_REFERENCE_INVALID: {
    status: 422,
    message: 'A referenced customer, vehicle, technician or service does not exist in this shop.',
    hint: 'Create it first or pick one from the lists of this shop.',
  },
  BOARD_SERVICE_CODE_TAKEN: {
    status: 409,
    message: 'Another service of this shop already has that code.',
    hint: 'Codes such as OIL001 are unique per shop; choose another one.',
  },
  BOARD_RECORD_IN_USE: { status: 409, message: 'The record is still used by jobs.', hint: 'Deactivate it instead, or remove the jobs that use it first.' },
  BOARD_MOVE_RETRY_EXHAUSTED: {
    status: 503,
    message: 'The move could not be placed after several attempts.',
    hint: 'Retry the request; it is safe to send again.',
  },
});
