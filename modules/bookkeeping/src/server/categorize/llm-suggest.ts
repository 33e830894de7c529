import { sql } from 'drizzle-orm';
import type { Platform } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';

/** LLM answers are not calibrated against this company's books, so they only ever suggest. */
const LLM_CONFIDENCE_CAP = 0.75;

/**
 * Third stage: asks the platform's LLM (the gateway) for lines of an import that neither rules
 * nor history could place. Runs after the import committed, never inside a transaction, and
 * stops at `limit` calls; when no LLM is wired the stage is skipped.
 */
export async function suggestWithLlm(platform: Platform, orgId: string, companyId: string, importId: string, limit = 20): Promise<number> {
  const llm = platform.llm.get();
  if (!llm) return 0;
  const db = platform.database.db;
  const lines = await rows<{ id: string; description: string; counterparty: string; amount: string }>(
    db,
    sql`select id, description, counterparty, (amount_cents / 100.0)::text as amount from bookkeeping.bank_lines
      where org_id = ${orgId} and company_id = ${companyId} and import_id = ${importId} and status = 'review' and source = 'none' order by line_no limit ${limit}`,
  );
  if (lines.length === 0) return 0;
  const accounts = await rows<{ id: string; code: string; name: string }>(
    db,
    sql`select id, code, name from bookkeeping.accounts where org_id = ${orgId} and company_id = ${companyId} and kind = 'other' and type in ('income','expense') and not archived order by code`,
  );
  const byCode = new Map(accounts.map((a) => [a.code, a.id]));
  const chart = accounts.map((a) => `${a.code} ${a.name}`).join('\n');
  let suggested = 0;
  for (const line of lines) {
    try {
      const res = await llm.chat({
        orgId,
        caller: { module: 'bookkeeping', purpose: 'categorize-bank-line' },
        model: 'default',
        responseFormat: 'json',
        maxTokens: 60,
        timeoutMs: 5000,
        messages: [
          {
            role: 'system',
            content: `Pick the account for a bank line from this chart of accounts. Answer JSON {"code": "<code>", "confidence": <0..1>}.\n${chart}`,
          },
          { role: 'user', content: `Description: ${line.description}\nCounterparty: ${line.counterparty}\nAmount: ${line.amount}` },
        ],
      });
      const text = res.content ?? '';
      let code: string | undefined;
      let conf = 0.5;
      try {
        const parsed = JSON.parse(text) as { code?: unknown; confidence?: unknown };
        if (typeof parsed.code === 'string') code = parsed.code;
        if (typeof parsed.confidence === 'number' && parsed.confidence >= 0 && parsed.confidence <= 1) conf = parsed.confidence;
      } catch {
        code = accounts.find((a) => text.includes(a.code))?.code;
      }
      const accountId = code ? byCode.get(code) : undefined;
      if (!accountId) continue;
      await db.execute(sql`update bookkeeping.bank_lines set predicted_account_id = ${accountId}, confidence = ${Math.min(conf, LLM_CONFIDENCE_CAP)}, source = 'llm'
        where id = ${line.id} and org_id = ${orgId} and status = 'review'`);
      suggested++;
    } catch (err) {
      platform.log.warn({ err: (err as Error).message }, 'bookkeeping: LLM suggestion failed; line stays in review');
      break;
    }
  }
  return suggested;
}
