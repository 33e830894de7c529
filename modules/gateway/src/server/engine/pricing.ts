/** Prices in integer micro-dollars per million tokens (1 USD per 1M tokens = 1_000_000). */
export interface Price {
  input: number;
  output: number;
  /** Prompt tokens read from the provider's prompt cache; the input price when unset. */
  cachedInput?: number;
  /** Prompt tokens written to the prompt cache (Anthropic: 1.25 x input); the input price when unset. */
  cacheWrite?: number;
}

/** The parts of a prompt billed at cache prices (both are included in the prompt tokens). */
export interface CacheTokens {
  cached_tokens?: number;
  cache_creation_tokens?: number;
}

export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-4o': { input: 2_500_000, output: 10_000_000, cachedInput: 1_250_000 },
  'gpt-4o-mini': { input: 150_000, output: 600_000, cachedInput: 75_000 },
  'gpt-4.1': { input: 2_000_000, output: 8_000_000, cachedInput: 500_000 },
  'gpt-4.1-mini': { input: 400_000, output: 1_600_000, cachedInput: 100_000 },
  'gpt-4.1-nano': { input: 100_000, output: 400_000, cachedInput: 25_000 },
  'o3-mini': { input: 1_100_000, output: 4_400_000, cachedInput: 550_000 },
  'text-embedding-3-small': { input: 20_000, output: 0 },
  'text-embedding-3-large': { input: 130_000, output: 0 },
  'claude-sonnet-4-5': { input: 3_000_000, output: 15_000_000, cachedInput: 300_000, cacheWrite: 3_750_000 },
  'claude-sonnet-4-20250514': { input: 3_000_000, output: 15_000_000, cachedInput: 300_000, cacheWrite: 3_750_000 },
  'claude-3-5-haiku-latest': { input: 800_000, output: 4_000_000, cachedInput: 80_000, cacheWrite: 1_000_000 },
  'claude-opus-4-1': { input: 15_000_000, output: 75_000_000, cachedInput: 1_500_000, cacheWrite: 18_750_000 },
  'gemini-2.5-pro': { input: 1_250_000, output: 10_000_000, cachedInput: 310_000 },
  'gemini-2.5-flash': { input: 300_000, output: 2_500_000, cachedInput: 75_000 },
  'gemini-2.0-flash': { input: 100_000, output: 400_000, cachedInput: 25_000 },
  'mistral-large-latest': { input: 2_000_000, output: 6_000_000 },
  'mistral-small-latest': { input: 100_000, output: 300_000 },
  'llama-3.3-70b-versatile': { input: 590_000, output: 790_000 },
  'tessera-1': { input: 1_000_000, output: 2_000_000 },
  'tessera-embed-1': { input: 100_000, output: 0 },
};

/** Unknown models are priced high on purpose: a hard budget must not treat them as free. */
export const FALLBACK_PRICE: Price = { input: 10_000_000, output: 30_000_000 };

export function findPrice(orgPrices: ReadonlyMap<string, Price>, provider: string, model: string): Price {
  return orgPrices.get(`${provider}/${model}`) ?? orgPrices.get(model) ?? DEFAULT_PRICES[model] ?? orgPrices.get('*') ?? FALLBACK_PRICE;
}

/**
 * Cost in integer micros, rounded up so the gateway never under-charges. Cache reads and writes
 * (parts of the prompt tokens) are billed at their own prices when the provider reports them.
 */
export function costMicros(price: Price, promptTokens: number, completionTokens: number, cache?: CacheTokens | null): number {
  const read = Math.min(cache?.cached_tokens ?? 0, promptTokens);
  const write = Math.min(cache?.cache_creation_tokens ?? 0, promptTokens - read);
  if (read || write) {
    const rest = promptTokens - read - write;
    const numerator =
      BigInt(rest) * BigInt(price.input) +
      BigInt(read) * BigInt(price.cachedInput ?? price.input) +
      BigInt(write) * BigInt(price.cacheWrite ?? price.input) +
      BigInt(completionTokens) * BigInt(price.output);
    return Number((numerator + 999_999n) / 1_000_000n);
  }
  const exact = promptTokens * price.input + completionTokens * price.output;
  if (Number.isSafeInteger(exact)) {
    // Integer arithmetic in doubles is exact below 2^53; the check corrects a quotient rounded down.
    let q = Math.floor(exact / 1_000_000);
    if (q * 1_000_000 < exact) q += 1;
    return q;
  }
  const numerator = BigInt(promptTokens) * BigInt(price.input) + BigInt(completionTokens) * BigInt(price.output);
  return Number((numerator + 999_999n) / 1_000_000n);
}

/** The price a budget hold assumes for prompt tokens: the dearest way they can be billed (a cache write). */
export function holdPrice(price: Price): Price {
  return price.cacheWrite !== undefined && price.cacheWrite > price.input ? { input: price.cacheWrite, output: price.output } : price;
}
