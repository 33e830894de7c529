import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { ApplyRuleResultSchema, RulePreviewSchema, RuleSchema } from '../../contracts/index.ts';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import { companyRules } from '../categorize/model-cache.ts';
import { compileRule, ruleProblem, RuleConditionsSchema, type RuleConditions } from '../categorize/rule-engine.ts';
import { MAX_PATTERN_LENGTH, unsafeRegexReason } from '../categorize/safe-regex.ts';
import { companyFor } from '../companies/company-access.ts';
import { requireAccount } from '../companies/company-repository.ts';
import { rows, toBigInt } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { applyRule, MAX_APPLY_LINES } from './rule-apply-service.ts';
import { CompanyParam, Open, READ, WRITE, tags } from '../http/route-access.ts';

const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    conditions: RuleConditionsSchema,
    accountId: Type.String({ format: 'uuid' }),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RuleParams = Type.Object({ company: CompanyParam.properties.company, id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

function check(c: RuleConditions): void {
  const texts = [
    ['description', c.description],
    ['counterparty', c.counterparty],
  ] as const;
  for (const [field, t] of texts) {
    if (!t || t.value.length <= MAX_PATTERN_LENGTH) continue;
    if (t.op === 'regex') throw unsafe(field, unsafeRegexReason(t.value) ?? 'too long');
    // contains and equals keep the schema's former limit and error
    throw coreErrors.VALIDATION_FAILED({ message: `conditions.${field}.value must have at most ${MAX_PATTERN_LENGTH} characters` });
  }
  const problem = ruleProblem(c);
  if (problem) throw bookkeepingErrors.BOOKKEEPING_RULE_INVALID({ message: problem });
  for (const [field, t] of texts) {
    const reason = t?.op === 'regex' ? unsafeRegexReason(t.value) : null;
    if (reason) throw unsafe(field, reason);
  }
}

const unsafe = (field: string, reason: string) =>
  bookkeepingErrors.BOOKKEEPING_RULE_PATTERN_UNSAFE({ message: `The ${field} regular expression is refused: ${reason}.`, details: { field } });

export function registerRuleRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/bookkeeping/companies/:company/rules',
    { config: { access: READ }, schema: { tags, summary: 'Rules in priority order', params: CompanyParam, response: { 200: Type.Array(RuleSchema) } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return companyRules(db, req.tenant.orgId, c.id);
    },
  );

  app.post(
    '/api/bookkeeping/companies/:company/rules',
    { config: { access: WRITE }, schema: { tags, summary: 'Create a rule', params: CompanyParam, body: RuleBody, response: { 201: Open() } } },
    async (req, reply) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      check(req.body.conditions);
      await requireAccount(db, req.tenant.orgId, c.id, req.body.accountId);
      const rule = await db.transaction(async (tx) => {
        const [r] = await rows<{ id: string }>(
          tx,
          sql`insert into bookkeeping.rules (org_id, company_id, name, priority, conditions, account_id, enabled)
          values (${req.tenant.orgId}, ${c.id}, ${req.body.name}, ${req.body.priority ?? 100}, ${JSON.stringify(req.body.conditions)}::jsonb, ${req.body.accountId}, ${req.body.enabled ?? true}) returning id`,
        );
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.rule.create',
          targetType: 'bookkeeping.rule',
          targetId: r?.id,
          data: { ...req.body },
        });
        return r;
      });
      return reply.code(201).send({ id: rule?.id, ...req.body });
    },
  );

  app.put(
    '/api/bookkeeping/companies/:company/rules/:id',
    { config: { access: WRITE }, schema: { tags, summary: 'Replace a rule', params: RuleParams, body: RuleBody, response: { 200: Open() } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      check(req.body.conditions);
      await requireAccount(db, req.tenant.orgId, c.id, req.body.accountId);
      await db.transaction(async (tx) => {
        const r = await rows(
          tx,
          sql`update bookkeeping.rules set name = ${req.body.name}, priority = ${req.body.priority ?? 100}, conditions = ${JSON.stringify(req.body.conditions)}::jsonb, account_id = ${req.body.accountId}, enabled = ${req.body.enabled ?? true}
          where id = ${req.params.id} and org_id = ${req.tenant.orgId} and company_id = ${c.id} returning id`,
        );
        if (r.length === 0) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such rule.' });
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.rule.update',
          targetType: 'bookkeeping.rule',
          targetId: req.params.id,
          data: { ...req.body },
        });
      });
      return { id: req.params.id, ...req.body };
    },
  );

  app.delete(
    '/api/bookkeeping/companies/:company/rules/:id',
    { config: { access: WRITE }, schema: { tags, summary: 'Delete a rule', params: RuleParams, response: { 200: Open() } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      await db.transaction(async (tx) => {
        const r = await rows(
          tx,
          sql`delete from bookkeeping.rules where id = ${req.params.id} and org_id = ${req.tenant.orgId} and company_id = ${c.id} returning id`,
        );
        if (r.length === 0) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such rule.' });
        await recordAudit(tx, req.tenant.orgId, actorOf(req), { action: 'bookkeeping.rule.delete', targetType: 'bookkeeping.rule', targetId: req.params.id });
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/bookkeeping/companies/:company/rules/preview',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Which existing lines a rule would change (would-change count and a sample with from/to accounts)',
        params: CompanyParam,
        body: Type.Object({ conditions: RuleConditionsSchema, accountId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: RulePreviewSchema },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      check(req.body.conditions);
      await requireAccount(db, req.tenant.orgId, c.id, req.body.accountId);
      const match = compileRule(req.body.conditions);
      const list = await rows<{
        id: string;
        date: string;
        description: string;
        counterparty: string;
        amountCents: string;
        bankAccountId: string;
        current: string | null;
        status: string;
      }>(
        db,
        sql`select id, txn_date::text as date, description, counterparty, amount_cents::text as "amountCents", bank_account_id as "bankAccountId", coalesce(approved_account_id, predicted_account_id) as current, status
          from bookkeeping.bank_lines where org_id = ${req.tenant.orgId} and company_id = ${c.id} order by txn_date desc`,
      );
      const hits = list.filter((l) =>
        match({ description: l.description, counterparty: l.counterparty, amountCents: toBigInt(l.amountCents), bankAccountId: l.bankAccountId }),
      );
      const changes = hits.filter((l) => l.current !== req.body.accountId);
      return {
        matched: hits.length,
        wouldChange: changes.length,
        // what POST …/rules/:id/apply would post; approved lines change only by correcting them one by one
        applicable: hits.filter((l) => l.status === 'review').length,
        sample: changes.slice(0, 50).map((l) => ({ ...l, to: req.body.accountId })),
      };
    },
  );

  app.post(
    '/api/bookkeeping/companies/:company/rules/:id/apply',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Apply a rule to existing lines in review (the ids from its preview, or all matching ones): approves and posts them',
        params: RuleParams,
        body: Type.Optional(
          Type.Object(
            { lineIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: MAX_APPLY_LINES })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: ApplyRuleResultSchema },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'bookkeeper');
      return applyRule(db, req.tenant.orgId, c.id, req.params.id, req.body?.lineIds, actorOf(req), req.principal?.userId ?? null);
    },
  );
}
