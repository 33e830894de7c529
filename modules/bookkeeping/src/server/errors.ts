import { defineErrors } from '@tessera/core';

export const bookkeepingErrors = defineErrors('bookkeeping', {
  BOOKKEEPING_IMPORT_INVALID: {
    status: 422,
    message: 'The bank file could not be imported.',
    hint: 'Fix the file at the line named in details (or pass a column mapping) and import it again; nothing from this file was stored.',
  },
  BOOKKEEPING_COMPANY_NOT_FOUND: {
    status: 404,
    message: 'No such company in this organization.',
    hint: 'Use the id or slug of a company listed by GET /api/bookkeeping/companies.',
  },
  BOOKKEEPING_COMPANY_EXISTS: { status: 409, message: 'A company with this slug already exists.', hint: 'Choose another slug.' },
  BOOKKEEPING_ACCOUNT_UNKNOWN: {
    status: 422,
    message: 'The account does not belong to this company.',
    hint: 'Use an account id from GET /api/bookkeeping/companies/:id/accounts.',
  },
  BOOKKEEPING_ACCOUNT_EXISTS: { status: 409, message: 'An account with this code already exists.', hint: 'Choose another code.' },
  BOOKKEEPING_NOT_A_BANK_ACCOUNT: {
    status: 422,
    message: 'Bank lines can only be imported into a bank or card account.',
    hint: 'Pick an account of kind bank or card.',
  },
  BOOKKEEPING_LINE_NOT_IN_REVIEW: { status: 409, message: 'The line is already approved.', hint: 'Reverse its journal entry and recategorize instead.' },
  BOOKKEEPING_ENTRY_ALREADY_REVERSED: { status: 409, message: 'The journal entry was already reversed.', hint: 'Each entry can be reversed once.' },
  BOOKKEEPING_PERIOD_LOCKED: { status: 409, message: 'The period is locked.', hint: 'Post into an open period or ask an admin to move the lock date.' },
  BOOKKEEPING_RULE_PATTERN_UNSAFE: {
    status: 400,
    message: 'The regular expression could take too long on some lines.',
    hint: 'Use at most 200 characters, no backreferences, no repeated group that itself contains a quantifier or overlapping alternatives, and no two repeated parts that can match the same text: write a+ instead of (a+)+, (a*)* or (a|a)*, \\w+ instead of \\w+\\w+, or use the contains or equals operator.',
  },
  BOOKKEEPING_RULE_INVALID: { status: 422, message: 'The rule is not valid.', hint: 'Check the regular expression and the amount range.' },
  BOOKKEEPING_RECONCILIATION_MISMATCH: {
    status: 422,
    message: 'The line and the entry cannot be matched.',
    hint: 'Match a bank line of the statement period with an entry of the same bank account.',
  },
  BOOKKEEPING_LINE_DISCARDED: {
    status: 409,
    message: 'The line was discarded as a duplicate.',
    hint: 'Discarded lines stay out of the books; import the transaction again only if it is genuinely new.',
  },
  BOOKKEEPING_POSSIBLE_DUPLICATE: {
    status: 409,
    message: 'The line is flagged as a possible duplicate.',
    hint: 'Keep it (POST /api/bookkeeping/lines/:id/keep) or discard it (POST /api/bookkeeping/lines/:id/discard) first.',
  },
  BOOKKEEPING_NOT_A_POSSIBLE_DUPLICATE: {
    status: 409,
    message: 'The line is not waiting as a possible duplicate.',
    hint: 'Only lines in review flagged with duplicateOf can be kept or discarded.',
  },
  BOOKKEEPING_RULE_DOES_NOT_MATCH: {
    status: 422,
    message: 'The rule does not match some of the given lines.',
    hint: 'Apply a rule only to lines its preview lists (details.lineIds names the others); nothing was changed.',
  },
  BOOKKEEPING_COMPANY_ROLE_REQUIRED: {
    status: 403,
    message: 'Your role in this company does not allow this.',
    hint: 'Viewers read; bookkeepers import, review and reconcile; admins manage rules, accounts, lock dates and user links. Ask a company admin for a higher role.',
  },
  BOOKKEEPING_USER_NOT_MEMBER: {
    status: 422,
    message: 'The user is not a member of this organization.',
    hint: 'Add the user to the organization first, then link them to the company.',
  },
  BOOKKEEPING_BAD_PERIOD: { status: 422, message: 'The period is not valid.', hint: 'Give dates as YYYY-MM-DD with from <= to.' },
});
