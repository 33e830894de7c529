import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDec, mul, parseDec } from '../decimal/fixed-decimal.ts';
import { generateHistory } from './history-generator.ts';
import { rebuild } from './rebuild-worker.ts';

const hasBeancount = spawnSync('bean-query', ['--version'], { encoding: 'utf8' }).status === 0;
/** The Python that runs bean-query (its shebang), which is the one with the beancount package. */
function beancountPython(): string {
  const path = execFileSync('sh', ['-c', 'command -v bean-query'], { encoding: 'utf8' }).trim();
  const shebang = readFileSync(path, 'utf8').split('\n')[0] ?? '';
  return shebang.startsWith('#!') ? shebang.slice(2).trim().split(' ')[0]! : 'python3';
}

function ledgerOf(trades: ReturnType<typeof generateHistory>): string {
  const assets = [...new Set(trades.map((t) => t.asset))];
  const lines = ['option "operating_currency" "USD"', 'option "booking_method" "FIFO"', '2022-12-31 open Assets:Cash USD', '2022-12-31 open Income:Gains USD'];
  for (const a of assets) lines.push(`2022-12-31 open Assets:Crypto:${a} ${a} "FIFO"`);
  for (const t of trades) {
    const day = new Date(t.time).toISOString().slice(0, 10);
    const gross = mul(parseDec(t.quantity), parseDec(t.price));
    if (t.side === 'buy') {
      lines.push(
        `${day} * "buy ${t.asset}"`,
        `  Assets:Crypto:${t.asset}  ${t.quantity} ${t.asset} {${t.price} USD}`,
        `  Assets:Cash  ${formatDec(-gross)} USD`,
      );
    } else {
      const net = gross - parseDec(t.fee);
      lines.push(
        `${day} * "sell ${t.asset}"`,
        `  Assets:Crypto:${t.asset}  -${t.quantity} ${t.asset} {} @ ${t.price} USD`,
        `  Assets:Cash  ${formatDec(net)} USD`,
        '  Income:Gains',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('cross-check against Beancount FIFO booking', () => {
  it.skipIf(!hasBeancount)("realized gains and remaining cost of a generated 400-trade history match Beancount's FIFO booking exactly", () => {
    const trades = generateHistory({ seed: 7, trades: 400, assets: 5, sellFees: true });
    const dir = mkdtempSync(join(tmpdir(), 'omc-bean-'));
    const file = join(dir, 'ledger.beancount');
    writeFileSync(file, ledgerOf(trades));
    execFileSync('bean-check', [file], { encoding: 'utf8' });
    const mine = rebuild({ method: 'fifo', trades });
    if (!mine.ok) throw new Error(mine.error);
    // Beancount rounds interpolated postings (Income:Gains) and bean-query's sums to a display
    // precision, so realized gains are rebuilt from what Beancount booked, read exactly through its
    // loader: proceeds of each sale minus the cost of the lots its FIFO booking reduced.
    const script = [
      'import sys, collections',
      'from beancount import loader',
      'from beancount.core import data',
      'entries, errors, _ = loader.load_file(sys.argv[1])',
      'assert not errors, errors',
      'gains = 0',
      'cost = collections.defaultdict(int)',
      'for e in entries:',
      '  if isinstance(e, data.Transaction):',
      "    sale = any(p.account.startswith('Assets:Crypto:') and p.units.number < 0 for p in e.postings)",
      '    for p in e.postings:',
      "      if sale and p.account == 'Assets:Cash': gains -= p.units.number",
      "      if p.account.startswith('Assets:Crypto:'):",
      '        cost[p.units.currency] += p.units.number * p.cost.number',
      '        if p.units.number < 0: gains -= p.units.number * p.cost.number',
      "print('gains', -gains)",
      'for k, v in sorted(cost.items()): print(k, v)',
    ].join('\n');
    const out = execFileSync(beancountPython(), ['-c', script, file], { encoding: 'utf8' }).trim().split('\n');
    const theirs = out[0]!.split(' ')[1]!;
    expect(formatDec(parseDec(theirs))).toBe(mine.realized);
    // bean-query agrees too, at its display precision.
    const csv = execFileSync('bean-query', ['-f', 'csv', '-q', file, "SELECT sum(number) AS n WHERE account = 'Income:Gains'"], { encoding: 'utf8' });
    expect(Number(csv.trim().split('\n').at(-1))).toBeCloseTo(-Number(mine.realized), 4);
    const leftByAsset = new Map(out.slice(1).map((l) => l.split(' ') as [string, string]));
    for (const p of mine.positions) expect(formatDec(parseDec(leftByAsset.get(p.asset) ?? '0')), p.asset).toBe(p.costBasis);
  });
  it.skipIf(hasBeancount)('is skipped: bean-query is not on PATH (install Debian package beancount)', () => {
    expect(hasBeancount).toBe(false);
  });
});
