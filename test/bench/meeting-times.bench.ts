/**
 * Accuracy of the meeting-time reader on every phrase set in test/fixtures/meeting-times/ (our own
 * phrases.json, the blind corpus's development half blind-dev.json, and a held-out half when one is put
 * there): per kind and in total, then the reader's speed beside chrono's alone. `--misses` also lists what
 * was read wrong. Asserts nothing.
 * Run: npm run bench:times [-- --misses]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as chrono from 'chrono-node/en';
import { judgeTimeItem, loadTimeItems } from '../helpers/time-corpus.js';
import { isMain } from './bench-utils.js';

const FOLDER = path.join(import.meta.dirname, '..', 'fixtures', 'meeting-times');

interface Tally {
  ok: number;
  all: number;
}

const percent = (t: Tally) => `${((100 * t.ok) / Math.max(1, t.all)).toFixed(1)}%`;

/** The score table of one set, as printed lines. */
export function scoreTimeSet(file: string, showMisses = false): { lines: string[]; total: Tally } {
  const byKind = new Map<string, Tally>();
  const total: Tally = { ok: 0, all: 0 };
  const misses: string[] = [];
  for (const item of loadTimeItems(file)) {
    const judged = judgeTimeItem(item);
    const tally = byKind.get(item.kind) ?? { ok: 0, all: 0 };
    byKind.set(item.kind, tally);
    for (const t of [tally, total]) {
      t.all += 1;
      if (judged.ok) t.ok += 1;
    }
    if (!judged.ok)
      misses.push(
        `  miss ${item.id} [${item.kind}] ${JSON.stringify(item.text)} want ${JSON.stringify(item.expect)} got ${JSON.stringify(judged.got)}`,
      );
  }
  const width = Math.max(...[...byKind.keys()].map((k) => k.length), 5);
  const lines = [`${path.basename(file)}: ${total.ok}/${total.all} = ${percent(total)}`];
  for (const [kind, t] of [...byKind].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${kind.padEnd(width)} ${String(t.ok).padStart(3)}/${String(t.all).padEnd(3)} ${percent(t)}`);
  return { lines: showMisses ? [...lines, ...misses] : lines, total };
}

/**
 * Microseconds per message of the whole reader, beside chrono's English parser alone on the same messages
 * (the step the reader is built around): how much the rules add, measured in the same run.
 */
export function measureReaderSpeed(file: string, rounds = 30): { readerUs: number; chronoUs: number } {
  const items = loadTimeItems(file);
  const readAll = () => {
    for (const item of items) judgeTimeItem(item);
  };
  const chronoAll = () => {
    for (const item of items) chrono.casual.parse(item.text, new Date(item.now), { forwardDate: true });
  };
  const time = (run: () => void) => {
    for (let i = 0; i < 5; i++) run(); // warm up
    const started = performance.now();
    for (let i = 0; i < rounds; i++) run();
    return ((performance.now() - started) * 1000) / (rounds * items.length);
  };
  return { readerUs: time(readAll), chronoUs: time(chronoAll) };
}

if (isMain(import.meta.url)) {
  const showMisses = process.argv.includes('--misses');
  const files = readdirSync(FOLDER)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files)
    process.stdout.write(`${scoreTimeSet(path.join(FOLDER, file), showMisses).lines.join('\n')}\n\n`);
  const speed = measureReaderSpeed(path.join(FOLDER, 'phrases.json'));
  process.stdout.write(
    `speed on phrases.json: reader ${speed.readerUs.toFixed(0)} µs/message, chrono alone ${speed.chronoUs.toFixed(0)} µs/message (${(speed.readerUs / speed.chronoUs).toFixed(1)}x)\n`,
  );
}
