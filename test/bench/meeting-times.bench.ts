/**
 * Accuracy of the meeting-time reader on every phrase set in test/fixtures/meeting-times/ (our own
 * phrases.json, the blind corpus's development half blind-dev.json, and a held-out half when one is put
 * there): per kind and in total. `--misses` also lists what was read wrong. Asserts nothing.
 * Run: npm run bench:times [-- --misses]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
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

if (isMain(import.meta.url)) {
  const showMisses = process.argv.includes('--misses');
  const files = readdirSync(FOLDER)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files)
    process.stdout.write(`${scoreTimeSet(path.join(FOLDER, file), showMisses).lines.join('\n')}\n\n`);
}
