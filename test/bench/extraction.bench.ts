/**
 * Extraction speed on one core, and the precision/recall/F1 table per field for each corpus. Prints numbers;
 * asserts nothing. Run: npm run bench:extraction [-- --no-instructions | --warm-up=N]. `npm run bench` calls measureExtraction().
 *
 * - Wall clock (and per second of the process's own CPU time, which the other processes of a shared machine do
 *   not inflate as much): messages per second of extractDetails as `npm start` runs it (the esbuild output of
 *   scripts/build.mjs in dist/), every corpus message `rounds` times after a warm-up, beside one email regex
 *   over the same messages in the same run (how fast this machine is right now).
 * - Instructions per message, counted by valgrind (cachegrind), which does not swing with the machine's
 *   load as the wall clock does (a third between runs on a shared machine): the extraction loop of
 *   extraction-loop.child.ts over every 10th corpus message, minus the same child without the loop, against
 *   the same count for the one email regex. Skipped when valgrind is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { extractDetails as ExtractDetails } from '../../src/capture/extract-details.js';
import { ROOT } from '../helpers/harness.js';
import { CORPORA, formatScores, loadCorpus, scoreCorpus } from '../helpers/capture-corpus.js';
import { compileBenchScript, hasValgrind, isMain } from './bench-utils.js';

export interface ExtractionSpeed {
  messages: number;
  seconds: number;
  perSecond: number;
  /**
   * Messages per second of this process's own CPU time (user + system) over the same loop: on a shared machine the
   * wall clock also counts the time other processes held the core; this does not (cache sharing still shows).
   */
  cpuPerSecond: number;
  /** The same messages through one simple email regex: how fast this machine is right now. */
  baselinePerSecond: number;
}

export interface ExtractionInstructions {
  /** Messages in the counted loop (every 10th corpus message, `rounds` times). */
  messages: number;
  perMessage: number;
  /** The one email regex's instructions per message, counted the same way. */
  baselinePerMessage: number;
}

interface Case {
  text: string;
  country: string | undefined;
}

const BASELINE_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

function corpusCases(): Case[] {
  return CORPORA.flatMap((name) =>
    loadCorpus(name).flatMap((c) => c.turns.map((text) => ({ text, country: c.defaultCountry ?? undefined }))),
  );
}

/** Builds the server as `npm start` does and returns its compiled extractor's path. */
function compiledExtractor(): string {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  return path.join(ROOT, 'dist', 'capture', 'extract-details.js');
}

/** Messages per second of the compiled extractDetails over every corpus message, `rounds` times, after a warm-up. */
export async function measureExtraction(rounds = 40): Promise<ExtractionSpeed> {
  const { extractDetails } = (await import(pathToFileURL(compiledExtractor()).href)) as {
    extractDetails: typeof ExtractDetails;
  };
  const cases = corpusCases();
  // Warm up the JIT and the regexes first so the timing is of steady state.
  for (let i = 0; i < 5; i++) for (const c of cases) extractDetails(c.text, { defaultCountry: c.country });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let messages = 0;
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      extractDetails(c.text, { defaultCountry: c.country });
      messages++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  let found = 0;
  for (let i = 0; i < 5; i++) for (const c of cases) if (BASELINE_RE.test(c.text)) found++;
  const baseStarted = performance.now();
  for (let round = 0; round < rounds; round++) for (const c of cases) if (BASELINE_RE.exec(c.text)) found++;
  const baseSeconds = (performance.now() - baseStarted) / 1000;
  if (found < 0) throw new Error('unreachable'); // keeps the baseline loop from being optimised away
  return {
    messages,
    seconds,
    perSecond: messages / seconds,
    cpuPerSecond: messages / cpuSeconds,
    baselinePerSecond: messages / baseSeconds,
  };
}

/** Instructions valgrind counts for one run of the loop child (`mode`, `rounds`). */
async function countInstructions(
  child: string,
  module: string,
  cases: string,
  mode: string,
  rounds: number,
  warmUp: number,
) {
  const { stderr } = await promisify(execFile)(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      // No compiler or GC threads: the count is of this loop, the same from run to run.
      '--single-threaded',
      child,
      module,
      cases,
      mode,
      String(rounds),
      String(warmUp),
    ],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  );
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (!refs) throw new Error(`no instruction count from valgrind:\n${stderr.slice(-2000)}`);
  return Number(refs.replace(/,/g, ''));
}

/**
 * Instructions per message of the compiled extractor and of the one-regex baseline; undefined without valgrind.
 * `warmUp` rounds of extraction come first (2, as in every round's figures so far): after so few, V8 is still
 * compiling functions that only some messages reach, on the one thread, inside the counted loop (about a quarter
 * of the count in round 9); `--warm-up=10` counts closer to a long-running server's steady state.
 */
export async function measureInstructions(rounds = 3, warmUp = 2): Promise<ExtractionInstructions | undefined> {
  if (!hasValgrind()) return undefined;
  const module = compiledExtractor();
  const child = path.join(ROOT, await compileBenchScript('test/bench/extraction-loop.child.ts'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'extraction-'));
  try {
    const sample = corpusCases().filter((_, i) => i % 10 === 0);
    const file = path.join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(sample));
    // The regex is ~300 times cheaper: it runs 100 times as many rounds, to stand out of the start-up's noise.
    const regexRounds = rounds * 100;
    const [none, extract, regex] = await Promise.all([
      countInstructions(child, module, file, 'none', rounds, warmUp),
      countInstructions(child, module, file, 'extract', rounds, warmUp),
      countInstructions(child, module, file, 'regex', regexRounds, warmUp),
    ]);
    return {
      messages: sample.length * rounds,
      perMessage: (extract - none) / (sample.length * rounds),
      baselinePerMessage: (regex - none) / (sample.length * regexRounds),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { messages, seconds, perSecond, cpuPerSecond, baselinePerSecond } = await measureExtraction();
  process.stdout.write(
    `extraction (compiled, as npm start runs it): ${messages} messages in ${seconds.toFixed(2)} s = ${Math.round(perSecond)} messages/s on one core ` +
      `(${((seconds / messages) * 1e6).toFixed(1)} µs per message; ${Math.round(cpuPerSecond)} per second of its own CPU time; one email regex alone: ${Math.round(baselinePerSecond)}/s; ` +
      `ratio ${(perSecond / baselinePerSecond).toFixed(5)}; load average ${os.loadavg()[0]?.toFixed(1)})\n`,
  );
  const warmUp = Number(/^--warm-up=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--warm-up=')) ?? '')?.[1] ?? 2);
  const counted = process.argv.includes('--no-instructions') ? undefined : await measureInstructions(3, warmUp);
  process.stdout.write(
    counted
      ? `instructions (valgrind, after ${warmUp} warm-up rounds): ${Math.round(counted.perMessage)} per message over ${counted.messages} messages; ` +
          `one email regex: ${Math.round(counted.baselinePerMessage)} per message; ratio ${(counted.perMessage / counted.baselinePerMessage).toFixed(1)}\n\n`
      : 'instructions: not counted (valgrind not installed, or --no-instructions)\n\n',
  );
  for (const corpus of CORPORA) {
    const loaded = loadCorpus(corpus);
    const { scores } = scoreCorpus(loaded);
    process.stdout.write(`${formatScores(`${corpus} (${loaded.length})`, scores)}\n\n`);
    for (const register of ['plain', 'varied'] as const) {
      const part = loaded.filter((c) => c.register === register);
      if (part.length === 0) continue;
      const label = `  ${register} (${part.length})`;
      process.stdout.write(`${formatScores(label, scoreCorpus(part).scores)}\n\n`);
    }
  }
}
