/**
 * Extraction speed (messages per second on one core, every corpus message repeated) against a bare
 * baseline measured in the same run, and the precision/recall/F1 table per field for each corpus.
 * Prints numbers; asserts nothing. Run: npm run bench:extraction. `npm run bench` calls measureExtraction().
 */
import { performance } from 'node:perf_hooks';
import { extractDetails } from '../../src/capture/extract-details.js';
import { CORPORA, formatScores, loadCorpus, scoreCorpus } from '../helpers/capture-corpus.js';
import { isMain } from './bench-utils.js';

export interface ExtractionSpeed {
  messages: number;
  seconds: number;
  perSecond: number;
  /** The same messages through one simple email regex: how fast this machine is right now. */
  baselinePerSecond: number;
}

const BASELINE_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Messages per second of extractDetails over every corpus message, `rounds` times, after a warm-up. */
export function measureExtraction(rounds = 40): ExtractionSpeed {
  const cases = CORPORA.flatMap((name) =>
    loadCorpus(name).flatMap((c) => c.turns.map((text) => ({ text, country: c.defaultCountry ?? undefined }))),
  );
  // Warm up the JIT and the regexes first so the timing is of steady state.
  for (let i = 0; i < 5; i++) for (const c of cases) extractDetails(c.text, { defaultCountry: c.country });
  const started = performance.now();
  let messages = 0;
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      extractDetails(c.text, { defaultCountry: c.country });
      messages++;
    }
  }
  const seconds = (performance.now() - started) / 1000;

  let found = 0;
  for (let i = 0; i < 5; i++) for (const c of cases) if (BASELINE_RE.test(c.text)) found++;
  const baseStarted = performance.now();
  for (let round = 0; round < rounds; round++) for (const c of cases) if (BASELINE_RE.exec(c.text)) found++;
  const baseSeconds = (performance.now() - baseStarted) / 1000;
  if (found < 0) throw new Error('unreachable'); // keeps the baseline loop from being optimised away
  return { messages, seconds, perSecond: messages / seconds, baselinePerSecond: messages / baseSeconds };
}

if (isMain(import.meta.url)) {
  const { messages, seconds, perSecond, baselinePerSecond } = measureExtraction();
  process.stdout.write(
    `extraction: ${messages} messages in ${seconds.toFixed(2)} s = ${Math.round(perSecond)} messages/s on one core ` +
      `(${((seconds / messages) * 1e6).toFixed(1)} µs per message; one email regex alone: ${Math.round(baselinePerSecond)}/s)\n\n`,
  );
  for (const corpus of CORPORA) {
    const loaded = loadCorpus(corpus);
    const { scores } = scoreCorpus(loaded);
    process.stdout.write(`${formatScores(`${corpus} (${loaded.length})`, scores)}\n\n`);
  }
}
