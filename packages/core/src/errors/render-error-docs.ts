import { errorCatalogue } from './app-error.ts';

/** docs/errors.md, generated from the catalogue; a test proves the committed file matches. */
export function renderErrorDocs(): string {
  const lines = [
    '# Error catalogue',
    '',
    'Every error response has the body `{ "error": { "code", "message", "hint", "requestId", "details"? } }`',
    '(the gateway\'s OpenAI-compatible routes use OpenAI\'s shape `{ "error": { "message", "type", "code", "param" } }` with the same codes).',
    'This file is generated from the catalogue by `npm run docs:errors`; a test fails when it is out of date.',
    '',
  ];
  const owners = [...new Set(errorCatalogue().map((e) => e.owner))];
  for (const owner of owners) {
    lines.push(`## ${owner}`, '', '| Code | Status | Message | Hint |', '| --- | --- | --- | --- |');
    for (const e of errorCatalogue().filter((x) => x.owner === owner)) {
      lines.push(`| \`${e.code}\` | ${e.status} | ${escapeCell(e.message)} | ${escapeCell(e.hint)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
