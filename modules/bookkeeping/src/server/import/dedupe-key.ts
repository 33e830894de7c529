import type { ParsedLine } from './import-types.ts';

export function normaliseDescription(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Layered identity of a bank line within its account. A bank id (FITID, reference) is
 * authoritative; otherwise (date, cents, normalised description) with an occurrence number,
 * so two identical coffees on one day stay two and re-imports of either collapse.
 */
export class DedupeKeys {
  private readonly seen = new Map<string, number>();

  next(line: ParsedLine): { key: string; occurrence: number } {
    const key = line.bankRef ? `ref:${line.bankRef}` : `${line.date}|${line.amountCents}|${normaliseDescription(line.description)}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    return { key, occurrence };
  }
}
