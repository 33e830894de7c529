import { CompanyModel } from '../categorize/company-model.ts';
import { PROFILES } from './company-profiles.ts';
import { simulateCompany } from './bank-simulator.ts';

export interface CurvePoint {
  threshold: number;
  automatedShare: number;
  precision: number;
}

export interface CompanyEvaluation {
  lines: number;
  automated: number;
  correct: number;
  automatedShare: number;
  precision: number;
  curve: CurvePoint[];
}

export interface Evaluation {
  threshold: number;
  trainMonths: number;
  automatedShare: number;
  precision: number;
  companies: Record<string, CompanyEvaluation>;
  curve: CurvePoint[];
}

const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99];

function curveOf(preds: { conf: number; ok: boolean }[]): CurvePoint[] {
  return THRESHOLDS.map((t) => {
    const auto = preds.filter((p) => p.conf >= t);
    const ok = auto.filter((p) => p.ok).length;
    return { threshold: t, automatedShare: preds.length ? auto.length / preds.length : 0, precision: auto.length ? ok / auto.length : 1 };
  });
}

/**
 * Held-out evaluation: the model learns the first `trainMonths` months of approved history, then
 * predicts each later line before seeing its label. After the prediction the true label is
 * learned, as a bookkeeper's review or the auto-approval would teach it in the product.
 */
export function evaluateCategorizer(opts: { seed?: number; scale?: number; trainMonths?: number; threshold?: number; company?: string } = {}): Evaluation {
  const seed = opts.seed ?? 42;
  const trainMonths = opts.trainMonths ?? 6;
  const threshold = opts.threshold ?? 0.9;
  const profiles = PROFILES.filter((p) => !opts.company || p.slug === opts.company);
  const companies: Record<string, CompanyEvaluation> = {};
  const all: { conf: number; ok: boolean }[] = [];
  for (const p of profiles) {
    const lines = simulateCompany(p, seed, opts.scale ?? 1);
    const model = new CompanyModel();
    const preds: { conf: number; ok: boolean }[] = [];
    for (const l of lines) {
      const ex = { description: l.description, counterparty: '', amountCents: l.amountCents, accountId: l.account };
      if (l.month > trainMonths) {
        const pr = model.predict(l.description, '', l.amountCents);
        preds.push({ conf: pr?.confidence ?? 0, ok: pr?.accountId === l.account });
      }
      model.learn(ex);
    }
    const auto = preds.filter((x) => x.conf >= threshold);
    const correct = auto.filter((x) => x.ok).length;
    companies[p.slug] = {
      lines: preds.length,
      automated: auto.length,
      correct,
      automatedShare: preds.length ? auto.length / preds.length : 0,
      precision: auto.length ? correct / auto.length : 1,
      curve: curveOf(preds),
    };
    all.push(...preds);
  }
  const auto = all.filter((x) => x.conf >= threshold);
  return {
    threshold,
    trainMonths,
    automatedShare: all.length ? auto.length / all.length : 0,
    precision: auto.length ? auto.filter((x) => x.ok).length / auto.length : 1,
    companies,
    curve: curveOf(all),
  };
}
