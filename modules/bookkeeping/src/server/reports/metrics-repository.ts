import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';

export interface AutomationMetrics {
  companyId: string;
  company: string;
  lines: number;
  autoApproved: number;
  reviewed: number;
  inReview: number;
  bySource: { rule: number; memory: number; model: number; llm: number; none: number };
  autoLaterCorrected: number;
  reviewCorrected: number;
  medianReviewMs: number | null;
  totalReviewMs: number;
  reconciledLines: number;
}

/** Automation figures per company, straight from lines and review decisions. */
export async function automationMetrics(db: Db, orgId: string, companyId?: string, visible: SQL | null = null): Promise<AutomationMetrics[]> {
  return rows<AutomationMetrics>(
    db,
    sql`select c.id as "companyId", c.name as company,
        count(b.id) filter (where b.status <> 'discarded')::int as lines,
        count(b.id) filter (where b.review_outcome = 'auto')::int + coalesce(max(ac.n), 0)::int as "autoApproved",
        -- every approved line was approved either by the import or by a person (queue or rule)
        (count(b.id) filter (where b.status = 'approved') - count(b.id) filter (where b.review_outcome = 'auto') - coalesce(max(ac.n), 0))::int as reviewed,
        count(b.id) filter (where b.status = 'review')::int as "inReview",
        jsonb_build_object('rule', count(b.id) filter (where b.source = 'rule' and b.status <> 'discarded'),
          'memory', count(b.id) filter (where b.source = 'memory' and b.status <> 'discarded'),
          'model', count(b.id) filter (where b.source = 'model' and b.status <> 'discarded'),
          'llm', count(b.id) filter (where b.source = 'llm' and b.status <> 'discarded'),
          'none', count(b.id) filter (where b.source = 'none' and b.status <> 'discarded')) as "bySource",
        coalesce(max(ac.n), 0)::int as "autoLaterCorrected",
        (select count(*)::int from bookkeeping.review_decisions d where d.company_id = c.id and not d.was_auto and d.outcome = 'corrected') as "reviewCorrected",
        (select (percentile_cont(0.5) within group (order by d.duration_ms))::int from bookkeeping.review_decisions d where d.company_id = c.id and d.duration_ms is not null) as "medianReviewMs",
        (select coalesce(sum(d.duration_ms), 0)::int from bookkeeping.review_decisions d where d.company_id = c.id) as "totalReviewMs",
        (select count(distinct m.bank_line_id)::int from bookkeeping.reconciliation_matches m join bookkeeping.reconciliations r on r.id = m.reconciliation_id where r.company_id = c.id) as "reconciledLines"
      from bookkeeping.companies c left join bookkeeping.bank_lines b on b.company_id = c.id
        -- lines the import approved and a person later corrected (their outcome is no longer 'auto')
        left join lateral (select count(distinct d.bank_line_id) as n from bookkeeping.review_decisions d where d.company_id = c.id and d.was_auto) ac on true
      where c.org_id = ${orgId} and (${companyId ?? null}::uuid is null or c.id = ${companyId ?? null}::uuid) and ${visible ?? sql`true`}
      group by c.id order by c.name`,
  );
}

const pct = (n: number, d: number) => (d === 0 ? '0.0%' : `${((100 * n) / d).toFixed(1)}%`);

/** The brief's pilot table, with a reconciliation rate that is matched over total and so never above 100%. */
export function pilotTable(metrics: AutomationMetrics[]): { rows: Record<string, string | number>[]; markdown: string } {
  const out = metrics.map((m) => ({
    company: m.company,
    txns: m.lines,
    autoApproval: pct(m.autoApproved, m.lines),
    recon: pct(Math.min(m.reconciledLines, m.lines), m.lines),
    review: pct(m.lines - m.autoApproved, m.lines),
    reviewTime: `${Math.floor(m.totalReviewMs / 60000)}:${String(Math.floor((m.totalReviewMs % 60000) / 1000)).padStart(2, '0')}`,
  }));
  const t = metrics.reduce(
    (a, m) => ({ lines: a.lines + m.lines, auto: a.auto + m.autoApproved, rec: a.rec + Math.min(m.reconciledLines, m.lines), ms: a.ms + m.totalReviewMs }),
    { lines: 0, auto: 0, rec: 0, ms: 0 },
  );
  const md = [
    '| Company | Txns | Auto-Approval % | Recon % | Review % | Review time |',
    '|---|---|---|---|---|---|',
    ...out.map((r) => `| ${r.company} | ${r.txns} | ${r.autoApproval} | ${r.recon} | ${r.review} | ${r.reviewTime} |`),
    `| **TOTAL** | **${t.lines}** | **${pct(t.auto, t.lines)}** | **${pct(t.rec, t.lines)}** | **${pct(t.lines - t.auto, t.lines)}** | **${Math.floor(t.ms / 60000)}:${String(Math.floor((t.ms % 60000) / 1000)).padStart(2, '0')}** |`,
  ].join('\n');
  return { rows: out, markdown: md };
}
