/** The dashboard's LLM cost estimate: which price a model gets, and the sum over fresh, cached and output tokens. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateCost, priceOf } from '../../src/admin/llm-cost.js';

describe('LLM cost estimate', () => {
  it('prices a model by its exact name, else by its longest listed prefix, else not at all', () => {
    assert.deepEqual(priceOf('gemini-2.5-flash'), { input: 0.3, cachedInput: 0.075, output: 2.5 });
    assert.equal(priceOf('gemini-2.5-flash-lite')?.input, 0.1, 'the longer name wins over its prefix');
    assert.equal(priceOf('gpt-4o-mini-2024-07-18')?.output, 0.6, 'a dated release of a listed model');
    assert.equal(priceOf('llama3.1:8b'), null);
  });

  it('counts cached prompt tokens at the cached price and the rest at the input price', () => {
    const usage = { turns: 10, prompt_tokens: 3_000_000, cached_tokens: 1_000_000, output_tokens: 500_000 };
    const cost = estimateCost(usage, 'gpt-4o-mini', 'openai');
    // 2M fresh x 0.15 + 1M cached x 0.075 + 0.5M output x 0.6 = 0.30 + 0.075 + 0.30
    assert.ok(Math.abs((cost.usd ?? 0) - 0.675) < 1e-9, String(cost.usd));
    assert.equal(estimateCost(usage, 'my-local-model', 'openai').usd, null, 'no price, no estimate');
    assert.equal(estimateCost(usage, 'gemini-2.5-flash', 'offline').usd, 0, 'the offline assistant is free');
  });
});
