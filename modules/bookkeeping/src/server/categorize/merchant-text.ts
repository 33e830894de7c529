/** Text features shared by merchant memory, the token model and rules. */

const NOISE = new Set([
  'pos',
  'purchase',
  'debit',
  'card',
  'ach',
  'ppd',
  'web',
  'id',
  'sq',
  'tst',
  'payment',
  'pmt',
  'the',
  'inc',
  'llc',
  'co',
  'www',
  'com',
  'oh',
  'ky',
  'in',
]);

export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\u00c0-\u024f]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 1 && !/\d/.test(t));
}

/** The merchant's identity: counterparty when the bank gives one, else the description without numbers and filler. */
export function merchantKey(description: string, counterparty: string, amountCents: bigint): string {
  const base = tokens(counterparty || description).filter((t) => !NOISE.has(t));
  return `${amountCents < 0n ? '-' : '+'}${base.slice(0, 4).join(' ')}`;
}

export function featureTokens(description: string, counterparty: string, amountCents: bigint): string[] {
  return featuresOf(tokens(`${counterparty} ${description}`), amountCents);
}

/** What featureTokens and merchantKey give, from one pass over the text. */
export function lineFeatures(description: string, counterparty: string, amountCents: bigint): { merchant: string; tokens: string[] } {
  const words = tokens(counterparty === '' ? description : `${counterparty} ${description}`);
  const base = counterparty === '' ? words : tokens(counterparty);
  let merchant = amountCents < 0n ? '-' : '+';
  let n = 0;
  for (const t of base) {
    if (NOISE.has(t)) continue;
    merchant += n === 0 ? t : ` ${t}`;
    if (++n === 4) break;
  }
  return { merchant, tokens: featuresOf(words, amountCents) };
}

function featuresOf(words: string[], amountCents: bigint): string[] {
  const uni = words.filter((t) => !NOISE.has(t));
  const out = [...uni];
  for (let i = 0; i + 1 < uni.length; i++) out.push(`${uni[i]}_${uni[i + 1]}`);
  const mag = amountCents < 0n ? -amountCents : amountCents;
  out.push(amountCents < 0n ? 'sign:-' : 'sign:+');
  out.push(`mag:${mag.toString().length}`);
  return out;
}
