import { intBetween, seededRandom } from './seeded-random.ts';

export type RiskAppetite = 'cautious' | 'balanced' | 'aggressive';
export type Frequency = 'monthly' | 'weekly' | 'daily' | 'intraday';

export interface TraderProfile {
  id: string;
  name: string;
  riskAppetite: RiskAppetite;
  /** Portfolio size in whole quote units (USD). */
  portfolioSize: number;
  frequency: Frequency;
  /** Trades per 30 days implied by the frequency. */
  tradesPerMonth: number;
  strategies: ('dca' | 'ma_crossover' | 'manual')[];
  assets: string[];
  costMethod: 'fifo' | 'lifo' | 'hifo' | 'avg';
  limits: { maxPositionNotional: string; maxOrderNotional: string; maxOpenOrders: number; maxDailyLoss: string };
}

const FIRST = ['Ada', 'Ben', 'Chen', 'Dara', 'Eli', 'Farah', 'Goro', 'Hana', 'Ivan', 'Jules', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Nakamoto', 'Buterin', 'Lovelace', 'Hopper', 'Turing', 'Shannon', 'Knuth', 'Liskov'];
const ASSETS = ['BTC', 'ETH', 'SOL', 'ADA', 'DOGE'];
const FREQ: Record<Frequency, number> = { monthly: 1, weekly: 4, daily: 30, intraday: 120 };

/**
 * Deterministic, deliberately diverse trader profiles. Categories are dealt round-robin from a
 * shuffled order (so any 12 consecutive profiles cover every appetite and frequency) and sizes are
 * drawn log-uniformly from $500 to $2,000,000, so small and large accounts both appear.
 */
export function generateProfiles(count: number, seed = 2024): TraderProfile[] {
  const rand = seededRandom(seed);
  const appetites: RiskAppetite[] = ['cautious', 'balanced', 'aggressive'];
  const freqs: Frequency[] = ['monthly', 'weekly', 'daily', 'intraday'];
  const methods: TraderProfile['costMethod'][] = ['fifo', 'lifo', 'hifo', 'avg'];
  const out: TraderProfile[] = [];
  for (let i = 0; i < count; i++) {
    const riskAppetite = appetites[i % 3]!;
    const frequency = freqs[(i + Math.floor(i / 4)) % 4]!;
    const exp = 2.7 + rand() * 3.6; // 10^2.7 ≈ 500 .. 10^6.3 ≈ 2M
    const portfolioSize = Math.round(10 ** exp);
    const nAssets = riskAppetite === 'cautious' ? intBetween(rand, 1, 2) : riskAppetite === 'balanced' ? intBetween(rand, 2, 3) : intBetween(rand, 3, 5);
    const assets = [...ASSETS].sort(() => rand() - 0.5).slice(0, nAssets);
    if (riskAppetite === 'cautious' && !assets.includes('BTC')) assets[0] = 'BTC';
    const strategies: TraderProfile['strategies'] =
      riskAppetite === 'cautious'
        ? ['dca']
        : riskAppetite === 'balanced'
          ? rand() < 0.5
            ? ['dca', 'ma_crossover']
            : ['dca', 'manual']
          : ['ma_crossover', 'manual'];
    const share = riskAppetite === 'cautious' ? 10n : riskAppetite === 'balanced' ? 25n : 60n; // % of size per position
    const size = BigInt(portfolioSize);
    out.push({
      id: `trader-${String(i + 1).padStart(3, '0')}`,
      name: `${FIRST[intBetween(rand, 0, FIRST.length - 1)]} ${LAST[intBetween(rand, 0, LAST.length - 1)]}`,
      riskAppetite,
      portfolioSize,
      frequency,
      tradesPerMonth: FREQ[frequency],
      strategies,
      assets,
      costMethod: methods[Math.floor(i / 3) % 4]!,
      limits: {
        maxPositionNotional: String((size * share) / 100n + 1n),
        maxOrderNotional: String((size * share) / 400n + 1n),
        maxOpenOrders: riskAppetite === 'cautious' ? 3 : riskAppetite === 'balanced' ? 10 : 30,
        maxDailyLoss: String((size * (riskAppetite === 'cautious' ? 2n : riskAppetite === 'balanced' ? 5n : 12n)) / 100n + 1n),
      },
    });
  }
  return out;
}
