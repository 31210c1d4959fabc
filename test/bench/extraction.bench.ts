/**
 * Extraction speed (messages per second on one core, the corpora repeated) and the precision/recall table
 * per field for the dev and held-out corpora. Prints numbers; asserts nothing.
 * Run: npm run bench:extraction. `npm run bench` calls measureExtraction().
 */
import { performance } from 'node:perf_hooks';
import { extractDetails } from '../../src/leads/lead-extraction.js';
import { formatScores, loadCorpus, scoreCorpus } from '../helpers/extraction-corpus.js';
import { isMain } from './bench-utils.js';

export interface ExtractionSpeed {
  messages: number;
  seconds: number;
  perSecond: number;
  /** The same messages through one simple email regex: how fast this machine is right now. */
  baselinePerSecond: number;
}

const BASELINE_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Messages per second of extractDetails over both corpora, `rounds` times, after a warm-up. */
export function measureExtraction(rounds = 200): ExtractionSpeed {
  const cases = [...loadCorpus('dev'), ...loadCorpus('heldout')];
  // Warm up the JIT and the regexes first so the timing is of steady state.
  for (let i = 0; i < 20; i++) for (const c of cases) extractDetails(c.text, { defaultCountry: c.country ?? undefined });
  const started = performance.now();
  let messages = 0;
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      extractDetails(c.text, { defaultCountry: c.country ?? undefined });
      messages++;
    }
  }
  const seconds = (performance.now() - started) / 1000;

  let found = 0;
  for (let i = 0; i < 20; i++) for (const c of cases) if (BASELINE_RE.test(c.text)) found++;
  const baseStarted = performance.now();
  for (let round = 0; round < rounds; round++) for (const c of cases) if (BASELINE_RE.exec(c.text)) found++;
  const baseSeconds = (performance.now() - baseStarted) / 1000;
  if (found < 0) throw new Error('unreachable'); // keeps the baseline loop from being optimised away
  return { messages, seconds, perSecond: messages / seconds, baselinePerSecond: messages / baseSeconds };
}

if (isMain(import.meta.url)) {
  const { messages, seconds, perSecond } = measureExtraction();
  process.stdout.write(
    `extraction: ${messages} messages in ${seconds.toFixed(2)} s = ${Math.round(perSecond)} messages/s on one core ` +
      `(${((seconds / messages) * 1e6).toFixed(1)} µs per message)\n\n`,
  );
  for (const corpus of ['dev', 'heldout'] as const) {
    const loaded = loadCorpus(corpus);
    const { scores } = scoreCorpus(loaded);
    process.stdout.write(`${formatScores(`${corpus} (${loaded.length})`, scores)}\n\n`);
  }
}
