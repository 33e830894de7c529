import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { AppError, recordAudit, type AuditActor, type Platform } from '@tessera/core';
import { companyModel, companyRuleSet } from '../categorize/model-cache.ts';
import { LineCategorizer, type LineFeatures } from '../categorize/line-categorizer.ts';
import { suggestWithLlm } from '../categorize/llm-suggest.ts';
import { findCompany, requireAccount } from '../companies/company-repository.ts';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { parseBankFile } from './bank-file-parser.ts';
import { timeOrderedId } from './time-ordered-id.ts';
import { DedupeKeys } from './dedupe-key.ts';
import { ImportFileError, type ParseOptions } from './import-types.ts';
import { prepareLineBatch, storeLineBatch, type LineInsert, type PreparedBatch } from './import-repository.ts';
import { PossibleDuplicates } from './possible-duplicates.ts';

export interface ImportRequest {
  orgId: string;
  company: string;
  bankAccountId: string;
  fileName: string;
  /** Opens the file from the start (read once for the hash, once to parse). */
  open: () => AsyncIterable<Uint8Array>;
  options?: Omit<ParseOptions, 'fileName'>;
  userId: string | null;
  actor: AuditActor;
  /**
   * Lines stored so far and the file's line count: estimated from the bytes read while the file
   * streams (when `sizeBytes` is known), exact once the last line is stored.
   */
  onProgress?: (linesDone: number, linesTotal: number | null) => Promise<void> | void;
  /** The file's size, so progress can tell how far through the file the import is. */
  sizeBytes?: number;
  /** Calls to the LLM stage after the file landed (0 disables). */
  llmLimit?: number;
  /** The gateway model the LLM stage asks (the offline model by default). */
  llmModel?: string;
}

export interface ImportSummary {
  importId: string;
  fileName: string;
  status: 'completed' | 'duplicate';
  linesTotal: number;
  linesAdded: number;
  linesSkipped: number;
  autoApproved: number;
  inReview: number;
  /** lines in review because they look like lines of an earlier import */
  possibleDuplicates: number;
  /** lines in review that got an account suggestion from the LLM stage */
  llmSuggested?: number;
}

async function hashOf(open: () => AsyncIterable<Uint8Array>): Promise<string> {
  const h = createHash('sha256');
  for await (const c of open()) h.update(c);
  return h.digest('hex');
}

/**
 * Imports one bank file all-or-nothing: one transaction holds every line, its categorization and
 * the journal entries of auto-approved lines. A bad file rolls back entirely, is recorded as a
 * failed import with its line errors, and answers BOOKKEEPING_IMPORT_INVALID naming file and line.
 */
export async function importBankFile(platform: Platform, req: ImportRequest): Promise<ImportSummary> {
  const db = platform.database.db;
  const company = await findCompany(db, req.orgId, req.company);
  // refusals before the first line still name the file, so a batch's report says which one failed
  const bank = await requireAccount(db, req.orgId, company.id, req.bankAccountId).catch((err: unknown) => {
    if (!(err instanceof AppError) || err.code !== 'BOOKKEEPING_ACCOUNT_UNKNOWN') throw err;
    throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_UNKNOWN({
      message: `${req.fileName}: bank account ${req.bankAccountId} is not an account of ${company.slug}.`,
      details: { file: req.fileName, line: null },
    });
  });
  if (bank.kind === 'other')
    throw bookkeepingErrors.BOOKKEEPING_NOT_A_BANK_ACCOUNT({
      message: `${req.fileName}: ${bank.code} ${bank.name} is not a bank or card account, so bank lines cannot be imported into it.`,
      details: { file: req.fileName, line: null },
    });
  const fileHash = await hashOf(req.open);
  const format = /\.(ofx|qfx)$/i.test(req.fileName) ? 'ofx' : 'csv';
  const [prior] = await rows<{ id: string }>(
    db,
    sql`select id from bookkeeping.imports where org_id = ${req.orgId} and bank_account_id = ${bank.id} and file_hash = ${fileHash} and status = 'completed' limit 1`,
  );
  if (prior) {
    const [dup] = await rows<{ id: string }>(
      db,
      sql`insert into bookkeeping.imports (org_id, company_id, bank_account_id, file_name, file_hash, format, status, created_by)
        values (${req.orgId}, ${company.id}, ${bank.id}, ${req.fileName}, ${fileHash}, ${format}, 'duplicate', ${req.userId}) returning id`,
    );
    return {
      importId: dup?.id ?? prior.id,
      fileName: req.fileName,
      status: 'duplicate',
      linesTotal: 0,
      linesAdded: 0,
      linesSkipped: 0,
      autoApproved: 0,
      inReview: 0,
      possibleDuplicates: 0,
    };
  }
  const rules = await companyRuleSet(db, req.orgId, company.id);
  const model = await companyModel(db, req.orgId, company.id);
  const threshold = company.autoThreshold;
  const importId = randomUUID();
  const categorizer = new LineCategorizer(rules, model, bank.id);
  // what the model learns once the file committed: counts per distinct features (shared with the
  // categorizer's memo), so a large file holds little per line
  const learned = new Map<LineFeatures, Map<string, number>>();
  // progress reports go out one after another, so the last one written is the last one made; they
  // are awaited once the transaction is over (on the embedded database they wait for it)
  let reported: Promise<void> = Promise.resolve();
  try {
    const summary = await db.transaction(async (tx) => {
      await tx.execute(sql`insert into bookkeeping.imports (id, org_id, company_id, bank_account_id, file_name, file_hash, format, status, created_by)
        values (${importId}, ${req.orgId}, ${company.id}, ${bank.id}, ${req.fileName}, ${fileHash}, ${format}, 'completed', ${req.userId})`);
      const keys = new DedupeKeys();
      // the file's date extent, which later imports of the account compare their dates with
      let firstDate: string | null = null;
      let lastDate: string | null = null;
      let total = 0;
      let added = 0;
      let auto = 0;
      let possibleDuplicates = 0;
      const ctx = { orgId: req.orgId, companyId: company.id, bankAccountId: bank.id, importId };
      const duplicates = await PossibleDuplicates.open(tx, ctx);
      const report = (done: number, total: number | null) => {
        reported = reported.then(() => req.onProgress?.(done, total)).catch(() => undefined);
      };
      const store = async (inserts: LineInsert[], prepared: PreparedBatch, bytesSoFar: number): Promise<void> => {
        const res = await storeLineBatch(tx, ctx, prepared);
        total += inserts.length;
        added += res.added;
        auto += res.approved;
        for (const i of inserts) {
          if (res.landed !== 'all' && !res.landed.has(i.id)) continue;
          if (i.duplicateOf) possibleDuplicates++;
          if (!i.approve || !i.cat.accountId) continue;
          let counts = learned.get(i.features);
          if (!counts) learned.set(i.features, (counts = new Map<string, number>()));
          counts.set(i.cat.accountId, (counts.get(i.cat.accountId) ?? 0) + 1);
        }
        // Not awaited here: progress is written through the pool, and on the single-connection
        // embedded database it would wait for this very transaction; it lands right after commit.
        // lines per byte so far, scaled to the whole file; never below what is already stored
        const estimate = req.sizeBytes && bytesSoFar > 0 ? Math.max(total, Math.round((total * req.sizeBytes) / bytesSoFar)) : null;
        report(total, estimate);
      };
      // One batch is stored while the next is parsed, categorized and turned into column arrays,
      // so the database and this process work at the same time (on PostgreSQL they are separate
      // processes).
      let pending: Promise<void> | null = null;
      try {
        // about how many bytes of the file the lines so far took (their text plus a line end; the
        // reader runs ahead of the lines it has handed out, so bytes read would overestimate)
        let linesBytes = 0;
        for await (const batch of parseBankFile(req.open(), { ...req.options, fileName: req.fileName })) {
          const inserts: LineInsert[] = batch.map((l) => {
            linesBytes += l.raw.length + 1;
            if (firstDate === null || l.date < firstDate) firstDate = l.date;
            if (lastDate === null || l.date > lastDate) lastDate = l.date;
            const { key, occurrence } = keys.next(l);
            const { cat, features } = categorizer.categorize(l.description, l.counterparty, l.amountCents);
            const locked = company.lockDate !== null && l.date <= company.lockDate;
            const approve = cat.accountId !== null && cat.confidence >= threshold && l.amountCents !== 0n && !locked;
            return { id: timeOrderedId(), line: l, key, occurrence, cat, features, approve };
          });
          // queued behind the batch in flight on the transaction's connection; usually no query at all
          await duplicates.flag(tx, inserts);
          const prepared = prepareLineBatch(inserts);
          if (pending) await pending;
          pending = store(inserts, prepared, linesBytes);
          // marked handled now: a failure surfaces at the next await, not as an unhandled rejection
          pending.catch(() => undefined);
        }
        if (pending) await pending;
        report(total, total);
      } catch (err) {
        // settle the batch in flight before the transaction rolls back
        if (pending) await pending.catch(() => undefined);
        throw err;
      }
      await tx.execute(
        sql`update bookkeeping.imports set lines_total = ${total}, lines_added = ${added}, lines_skipped = ${total - added}, auto_approved = ${auto},
          first_date = ${firstDate}::date, last_date = ${lastDate}::date where id = ${importId}`,
      );
      await recordAudit(tx, req.orgId, req.actor, {
        action: 'bookkeeping.import.complete',
        targetType: 'bookkeeping.import',
        targetId: importId,
        data: { companyId: company.id, fileName: req.fileName, fileHash, total, added, auto, possibleDuplicates },
      });
      return {
        importId,
        fileName: req.fileName,
        status: 'completed' as const,
        linesTotal: total,
        linesAdded: added,
        linesSkipped: total - added,
        autoApproved: auto,
        inReview: added - auto,
        possibleDuplicates,
      };
    });
    await reported;
    for (const [f, counts] of learned) for (const [accountId, n] of counts) model.learnFeatures(f.merchant, f.tokens, accountId, n);
    if ((req.llmLimit ?? 20) > 0 && summary.inReview > 0) {
      const llm = await suggestWithLlm(platform, req.orgId, company.id, importId, req.llmLimit ?? 20, req.llmModel);
      return { ...summary, llmSuggested: llm.suggested };
    }
    return summary;
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    await db.execute(sql`insert into bookkeeping.imports (org_id, company_id, bank_account_id, file_name, file_hash, format, status, errors, created_by)
      values (${req.orgId}, ${company.id}, ${bank.id}, ${req.fileName}, ${fileHash}, ${format}, 'failed', ${JSON.stringify(err.errors)}::jsonb, ${req.userId})`);
    throw bookkeepingErrors.BOOKKEEPING_IMPORT_INVALID({
      message: err.message,
      details: { file: err.fileName, line: err.errors[0]?.line ?? null, errors: err.errors },
    });
  }
}
