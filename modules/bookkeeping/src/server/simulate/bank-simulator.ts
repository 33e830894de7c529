import { seededRandom } from '@tessera/core';
import type { CompanyProfile, Vendor } from './company-profiles.ts';

export type { CompanyProfile };

export interface SimLine {
  date: string;
  month: number;
  description: string;
  amountCents: bigint;
  account: string;
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

function fill(template: string, rnd: () => number): string {
  return template.replace(/[#@]/g, (c) => (c === '#' ? String(Math.floor(rnd() * 10)) : (LETTERS[Math.floor(rnd() * LETTERS.length)] as string)));
}

function count(mean: number, rnd: () => number): number {
  // Poisson by inversion: fine for the small means used here.
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

function pickAccount(v: Vendor, rnd: () => number): string {
  if (typeof v.account === 'string') return v.account;
  return rnd() < v.account[2] ? v.account[0] : v.account[1];
}

/** Twelve months (2025) of one company's bank lines, sorted by date; `scale` multiplies volume. */
export function simulateCompany(profile: CompanyProfile, seed: number, scale = 1): SimLine[] {
  const rnd = seededRandom(seed ^ [...profile.slug].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261));
  const out: SimLine[] = [];
  for (let m = 0; m < 12; m++) {
    const days = new Date(Date.UTC(2025, m + 1, 0)).getUTCDate();
    for (const v of profile.vendors) {
      const mean = v.perMonth * (v.season?.[m] ?? 1) * scale;
      const n = v.fixed ? Math.round(mean) : count(mean, rnd);
      const amount = v.fixed && v.min === v.max ? Math.round(v.min * 100) : 0;
      for (let i = 0; i < n; i++) {
        const day = 1 + Math.floor(rnd() * days);
        const dollars = amount || Math.round((v.min + rnd() * (v.max - v.min)) * 100);
        const name = v.names[Math.floor(rnd() * v.names.length)] as string;
        out.push({
          date: `2025-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          month: m + 1,
          description: fill(name, rnd).trim(),
          amountCents: BigInt(v.sign * dollars),
          account: pickAccount(v, rnd),
        });
      }
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.description.localeCompare(b.description));
}

const money = (c: bigint) => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};

/** A bank-style CSV (Date, Description, Amount, Balance), newest last. */
export function toBankCsv(lines: readonly SimLine[], openingCents: number): string {
  let bal = BigInt(openingCents);
  const out = ['Date,Description,Amount,Balance'];
  for (const l of lines) {
    bal += l.amountCents;
    const d = l.description.includes(',') ? `"${l.description}"` : l.description;
    out.push(`${l.date},${d},${money(l.amountCents)},${money(bal)}`);
  }
  return `${out.join('\n')}\n`;
}
