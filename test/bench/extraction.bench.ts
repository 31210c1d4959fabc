/**
 * Extraction speed (messages per second on one core, the corpora repeated) and the precision/recall table
 * per field for the dev and held-out corpora. Prints numbers; asserts nothing.
 * Run: npm run bench:extraction
 */
import { performance } from 'node:perf_hooks';
import { extractDetails } from '../../src/leads/lead-extraction.js';
import { formatScores, loadCorpus, scoreCorpus } from '../helpers/extraction-corpus.js';

const cases = [...loadCorpus('dev'), ...loadCorpus('heldout')];
const ROUNDS = 200;

// Warm up the JIT and the regexes first so the timing is of steady state.
for (let i = 0; i < 20; i++) for (const c of cases) extractDetails(c.text, { defaultCountry: c.country ?? undefined });

const started = performance.now();
let messages = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    extractDetails(c.text, { defaultCountry: c.country ?? undefined });
    messages++;
  }
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `extraction: ${messages} messages in ${seconds.toFixed(2)} s = ${Math.round(messages / seconds)} messages/s on one core ` +
    `(${((seconds / messages) * 1e6).toFixed(1)} µs per message)\n\n`,
);
for (const corpus of ['dev', 'heldout'] as const) {
  const loaded = loadCorpus(corpus);
  const { scores } = scoreCorpus(loaded);
  process.stdout.write(`${formatScores(`${corpus} (${loaded.length})`, scores)}\n\n`);
}
