import { featureTokens, merchantKey } from './merchant-text.ts';

export interface Example {
  description: string;
  counterparty: string;
  amountCents: bigint;
  accountId: string;
}

export interface Prediction {
  accountId: string;
  confidence: number;
  source: 'memory' | 'model';
}

/**
 * What one company's approved history teaches: an exact merchant memory (counts of accounts per
 * merchant key) and a multinomial naive Bayes over description tokens. Both learn one example at
 * a time, so a review decision changes the next prediction at once.
 */
export class CompanyModel {
  private readonly memory = new Map<string, Map<string, number>>();
  private readonly tokenCounts = new Map<string, Map<string, number>>();
  private readonly accountTokens = new Map<string, number>();
  private readonly accountDocs = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private docs = 0;

  learn(ex: Example, weight = 1): void {
    this.learnFeatures(
      merchantKey(ex.description, ex.counterparty, ex.amountCents),
      featureTokens(ex.description, ex.counterparty, ex.amountCents),
      ex.accountId,
      weight,
    );
  }

  /** Learns from features computed once elsewhere (the import reuses the ones it predicted with). */
  learnFeatures(key: string, toks: readonly string[], accountId: string, weight = 1): void {
    let m = this.memory.get(key);
    if (!m) this.memory.set(key, (m = new Map<string, number>()));
    m.set(accountId, (m.get(accountId) ?? 0) + weight);
    this.docs += weight;
    this.accountDocs.set(accountId, (this.accountDocs.get(accountId) ?? 0) + weight);
    let t = this.tokenCounts.get(accountId);
    if (!t) this.tokenCounts.set(accountId, (t = new Map<string, number>()));
    for (const tok of toks) {
      t.set(tok, (t.get(tok) ?? 0) + weight);
      this.vocabulary.add(tok);
    }
    this.accountTokens.set(accountId, (this.accountTokens.get(accountId) ?? 0) + weight * toks.length);
  }

  /** Removes an example learned before (a correction replaces what an approval taught). */
  unlearn(ex: Example): void {
    this.learn(ex, -1);
  }

  get size(): number {
    return this.docs;
  }

  predict(description: string, counterparty: string, amountCents: bigint): Prediction | null {
    return this.predictFeatures(merchantKey(description, counterparty, amountCents), featureTokens(description, counterparty, amountCents));
  }

  predictFeatures(key: string, toks: readonly string[]): Prediction | null {
    const mem = this.fromMemory(key);
    const nb = this.fromTokens(toks);
    if (mem && nb && mem.accountId === nb.accountId)
      return { accountId: mem.accountId, confidence: 1 - (1 - mem.confidence) * (1 - nb.confidence) * 0.5, source: 'memory' };
    if (mem && (!nb || mem.confidence >= nb.confidence)) return mem;
    return nb;
  }

  /** Beta-smoothed agreement of the merchant's past lines: one sighting is weak, many consistent ones are strong. */
  private fromMemory(key: string): Prediction | null {
    const m = this.memory.get(key);
    if (!m) return null;
    let best = '';
    let k = 0;
    let n = 0;
    for (const [acc, c] of m) {
      if (c <= 0) continue;
      n += c;
      if (c > k) [best, k] = [acc, c];
    }
    if (n <= 0) return null;
    return { accountId: best, confidence: (k + 0.5) / (n + 1.5), source: 'memory' };
  }

  private fromTokens(toks: readonly string[]): Prediction | null {
    if (this.docs <= 0 || toks.length === 0) return null;
    const v = this.vocabulary.size + 1;
    const alpha = 0.1;
    const scores: [string, number, number][] = [];
    let wordKnown = false;
    for (const [acc, docs] of this.accountDocs) {
      if (docs <= 0) continue;
      const counts = this.tokenCounts.get(acc);
      const total = this.accountTokens.get(acc) ?? 0;
      let s = Math.log(docs / this.docs);
      let known = 0;
      let sightings = 0;
      for (const tok of toks) {
        const c = counts?.get(tok) ?? 0;
        if (c > 0) {
          known++;
          if (!tok.startsWith('sign:') && !tok.startsWith('mag:')) {
            wordKnown = true;
            if (c > sightings) sightings = c;
          }
        }
        s += Math.log((c + alpha) / (total + alpha * v));
      }
      if (known > 0) scores.push([acc, s, sightings]);
    }
    // sign and magnitude alone say nothing about an unseen merchant: that is for review (or the LLM)
    if (scores.length === 0 || !wordKnown) return null;
    // Naive Bayes is overconfident because tokens are not independent: temper before normalising.
    const t = 1 + toks.length / 2;
    const max = Math.max(...scores.map((x) => x[1]));
    let z = 0;
    let best = scores[0] as [string, number, number];
    for (const x of scores) {
      z += Math.exp((x[1] - max) / t);
      if (x[1] > best[1]) best = x;
    }
    // The posterior only compares the accounts these words were seen with: after one approval it
    // is 1 for anything sharing a word. How often the best account saw its most frequent word of
    // the line bounds the confidence, so one sighting suggests and only repeated ones automate.
    // (a best account none of whose words is on the line won on sign and magnitude alone: no evidence)
    if (best[2] === 0) return null;
    const evidence = best[2] / (best[2] + 0.5);
    return { accountId: best[0], confidence: evidence / z, source: 'model' };
  }
}
