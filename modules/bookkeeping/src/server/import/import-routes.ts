import { randomUUID } from 'node:crypto';
import { mkdirSync, createReadStream, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, coreErrors, type App, type AuditActor, type Platform } from '@tessera/core';
import { companyFor } from '../companies/company-access.ts';
import { rows } from '../db/sql-rows.ts';
import { CompanyParam, Open, OpenList, READ, WRITE, tags } from '../http/route-access.ts';
import { CSV_PRESETS } from './csv-presets.ts';
import { importBankFile } from './import-service.ts';
import type { ColumnMapping, FileEncoding } from './import-types.ts';

export const IMPORT_JOB = 'bookkeeping.import';

interface ImportJobPayload {
  path: string;
  company: string;
  bankAccountId: string;
  fileName: string;
  preset?: string;
  encoding?: FileEncoding;
  mapping?: ColumnMapping;
  userId: string | null;
  actor: AuditActor;
}

function uploadDir(platform: Platform): string {
  const dir = join(platform.config.dataDir ?? tmpdir(), 'bookkeeping-uploads');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function parseMapping(text: string | undefined): ColumnMapping | undefined {
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as unknown;
    if (m && typeof m === 'object' && !Array.isArray(m)) return m;
  } catch {
    /* reported below */
  }
  throw coreErrors.VALIDATION_FAILED({ message: 'mapping must be a JSON object' });
}

/**
 * Upload: the file is the raw request body (text/csv, application/x-ofx, application/octet-stream),
 * options in the query string. The file is written to the data directory and imported by a
 * background job whose progress GET /api/jobs/:id reports; `wait=true` imports inline instead.
 */
export function registerImportRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  platform.jobs.define<ImportJobPayload>(IMPORT_JOB, async (job) => {
    const p = job.payload;
    try {
      return await importBankFile(platform, {
        orgId: job.orgId as string,
        company: p.company,
        bankAccountId: p.bankAccountId,
        fileName: p.fileName,
        open: () => createReadStream(p.path, { highWaterMark: 256 * 1024 }),
        options: { ...(p.preset ? { preset: p.preset } : {}), ...(p.encoding ? { encoding: p.encoding } : {}), ...(p.mapping ? { mapping: p.mapping } : {}) },
        userId: p.userId,
        actor: p.actor,
        sizeBytes: statSync(p.path).size,
        onProgress: (n, total) => job.progress(n, total),
      });
    } finally {
      rmSync(p.path, { force: true });
    }
  });

  for (const type of [
    'text/csv',
    'application/x-ofx',
    'application/x-qfx',
    'application/vnd.intu.qfx',
    'application/octet-stream',
    'text/tab-separated-values',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: platform.config.uploadLimitBytes }, (_req, body, done) => done(null, body));
  }

  app.post(
    '/api/bookkeeping/companies/:company/imports',
    {
      bodyLimit: platform.config.uploadLimitBytes,
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Upload a bank file (raw body: text/csv, application/x-ofx or application/octet-stream)',
        params: CompanyParam,
        querystring: Type.Object(
          {
            bankAccountId: Type.String({ format: 'uuid' }),
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            preset: Type.Optional(Type.Union(Object.keys(CSV_PRESETS).map((k) => Type.Literal(k)))),
            encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('iso-8859-1'), Type.Literal('windows-1252')])),
            mapping: Type.Optional(Type.String({ maxLength: 2000 })),
            wait: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Open(), 202: Open({ jobId: Type.String() }) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw coreErrors.VALIDATION_FAILED({
          message: 'Send the bank file as the raw request body with Content-Type text/csv, application/x-ofx or application/octet-stream.',
        });
      const q = req.query;
      const mapping = parseMapping(q.mapping);
      const company = await companyFor(db, req, req.params.company, 'bookkeeper');
      const common = { company: company.id, bankAccountId: q.bankAccountId, fileName: q.fileName, userId: req.principal?.userId ?? null, actor: actorOf(req) };
      const options = { ...(q.preset ? { preset: q.preset } : {}), ...(q.encoding ? { encoding: q.encoding } : {}), ...(mapping ? { mapping } : {}) };
      if (q.wait) {
        return importBankFile(platform, {
          ...common,
          orgId: req.tenant.orgId,
          open: async function* () {
            yield body;
          },
          options,
        });
      }
      const path = join(uploadDir(platform), `${randomUUID()}.upload`);
      writeFileSync(path, body);
      const jobId = await platform.jobs.enqueue(IMPORT_JOB, req.tenant.orgId, { ...common, ...options, path }, req.principal?.userId ?? null);
      return reply.code(202).send({ jobId });
    },
  );

  // The browser sends files as JSON with base64 content (the shell's client speaks JSON only).
  app.post(
    '/api/bookkeeping/companies/:company/imports/json',
    {
      bodyLimit: Math.ceil(platform.config.uploadLimitBytes * 1.4),
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Upload a bank file as JSON with base64 content; answers a job id',
        params: CompanyParam,
        body: Type.Object(
          {
            bankAccountId: Type.String({ format: 'uuid' }),
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            contentBase64: Type.String({ minLength: 1, maxLength: Math.ceil(platform.config.uploadLimitBytes * 1.4), pattern: '^[A-Za-z0-9+/=\\s]*$' }),
            preset: Type.Optional(Type.Union(Object.keys(CSV_PRESETS).map((k) => Type.Literal(k)))),
            encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('iso-8859-1'), Type.Literal('windows-1252')])),
            mapping: Type.Optional(Type.String({ maxLength: 2000, description: 'Column mapping as JSON, as for the raw upload' })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Open({ jobId: Type.String() }) },
      },
    },
    async (req, reply) => {
      const company = await companyFor(db, req, req.params.company, 'bookkeeper');
      const mapping = parseMapping(req.body.mapping);
      const bytes = Buffer.from(req.body.contentBase64, 'base64');
      if (bytes.length === 0) throw coreErrors.VALIDATION_FAILED({ message: 'The file is empty.' });
      const path = join(uploadDir(platform), `${randomUUID()}.upload`);
      writeFileSync(path, bytes);
      const payload: ImportJobPayload = {
        path,
        company: company.id,
        bankAccountId: req.body.bankAccountId,
        fileName: req.body.fileName,
        userId: req.principal?.userId ?? null,
        actor: actorOf(req),
        ...(req.body.preset ? { preset: req.body.preset } : {}),
        ...(req.body.encoding ? { encoding: req.body.encoding } : {}),
        ...(mapping ? { mapping } : {}),
      };
      const jobId = await platform.jobs.enqueue(IMPORT_JOB, req.tenant.orgId, payload, req.principal?.userId ?? null);
      return reply.code(202).send({ jobId });
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/imports',
    { config: { access: READ }, schema: { tags, summary: 'Import history with line errors', params: CompanyParam, response: { 200: OpenList } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return rows(
        db,
        sql`select id, file_name as "fileName", file_hash as "fileHash", format, status, lines_total as "linesTotal", lines_added as "linesAdded", lines_skipped as "linesSkipped",
          auto_approved as "autoApproved", errors, created_at::text as "createdAt" from bookkeeping.imports where org_id = ${req.tenant.orgId} and company_id = ${c.id} order by created_at desc limit 200`,
      );
    },
  );
}
