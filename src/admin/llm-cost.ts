/**
 * An ESTIMATE of what the LLM tokens cost, for the dashboard: the providers' published list prices per million
 * tokens (standard tier, text, prompts under 200k tokens), as of 2025, in US dollars. Not a bill: providers
 * change prices, free tiers and discounts are not known here, and the tokens of a range are priced at the
 * model configured now (usage is not kept per model). Edit this table when prices change (docs/api-notes.md).
 */
import type { UsageTotals } from '../llm/token-usage.store.js';

export interface ModelPrice {
  /** USD per million prompt tokens not read from the cache. */
  input: number;
  /** USD per million prompt tokens read from the provider's cache. */
  cachedInput: number;
  /** USD per million output tokens. */
  output: number;
}

/** Prices by model name; a configured name is matched exactly, else by its longest listed prefix. */
export const LLM_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.31, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.075, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, cachedInput: 0.075, output: 0.3 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
};

export interface CostEstimate {
  model: string;
  /** The price used, or null when the model is not in the table (then no estimate is shown). */
  price: ModelPrice | null;
  /** USD, or null without a price. */
  usd: number | null;
}

export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>> = LLM_PRICES): ModelPrice | null {
  const exact = prices[model];
  if (exact) return exact;
  const prefix = Object.keys(prices)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? (prices[prefix] ?? null) : null;
}

/** The estimate for `usage` at `model`'s price (the offline assistant costs nothing). */
export function estimateCost(usage: UsageTotals, model: string, llm: 'gemini' | 'openai' | 'offline'): CostEstimate {
  if (llm === 'offline') return { model: 'offline assistant', price: null, usd: 0 };
  const price = priceOf(model);
  if (!price) return { model, price: null, usd: null };
  const fresh = Math.max(0, usage.prompt_tokens - usage.cached_tokens);
  const usd =
    (fresh * price.input + usage.cached_tokens * price.cachedInput + usage.output_tokens * price.output) / 1e6;
  return { model, price, usd };
}
