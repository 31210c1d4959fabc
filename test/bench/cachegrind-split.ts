/**
 * Investigation aid (not part of npm run bench): where the counted turns of `bench:turn-cpu --instructions` go.
 * Reads the cachegrind files of one side's two processes (kept beside their logs: `<side>-1.log.<attempt>.cg`
 * served the warm-up, `<side>-2.log.<attempt>.cg` the warm-up and the counted turns) and prints, per counted
 * turn, the instructions of V8's garbage collector, its compilers, its builtins, the JIT's code and the rest,
 * and how many full (mark-compact) collections each process ran: one full collection of ours costs about a
 * billion instructions, so it moves a per-turn figure by 1 M over 1,000 counted turns (docs/benchmarks.md).
 * Usage: node --import tsx test/bench/cachegrind-split.ts <warm-up.cg> <counted.cg> <counted turns> [top N]
 */
import { readFileSync } from 'node:fs';

/** Instructions per function ("file:function"), as cachegrind's out file gives them (first event: Ir). */
function readCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  let fl = '';
  let fn = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fl=')) fl = line.slice(3);
    else if (line.startsWith('fn=')) fn = `${fl}:${line.slice(3)}`;
    else if (fn && /^\d/.test(line)) {
      const ir = Number(line.split(' ')[1] ?? 0);
      counts.set(fn, (counts.get(fn) ?? 0) + ir);
    }
  }
  return counts;
}

// V8's collector, write barriers included (they exist for it); matched on the C++ names of a release build.
const GC =
  /Scaveng|MarkCompact|Marking|Sweep|Evacuat|RememberedSet|Heap::|heap::|GCTracer|WriteBarrier|RecordWrite|SlotSet|PointersUpdating|MemoryAllocator|LiveObject|IteratePointers|FreeList|PagedSpace|NewSpace|SemiSpace|SizeFromMap|MigrateObject|Visitor/;
const COMPILERS = /compiler::|maglev|Maglev|turboshaft|OptimizingCompile/;
const PARSER = /Scanner|Parser|Ast|Preparse|Utf16CharacterStream|BytecodeGenerator|interpreter::|Compiler::|Scope::/;

function kindOf(name: string): string {
  const fn = name.slice(name.indexOf(':') + 1);
  if (GC.test(fn)) return 'garbage collector';
  if (COMPILERS.test(fn)) return 'optimizing compilers';
  if (PARSER.test(fn)) return 'parser, bytecode';
  if (fn.startsWith('Builtins_')) return 'builtins (inline caches, interpreter, natives)';
  if (fn === '???') return 'JIT code';
  if (/v8::|unibrow|simdutf/.test(fn)) return 'V8 runtime (strings, JSON, objects...)';
  return 'node, libuv, libc, other';
}

/** Heap::MarkCompact() runs the same 300 instructions on each call in Node 24's V8. */
const fullCollections = (counts: Map<string, number>) =>
  Math.round(([...counts].find(([name]) => name.endsWith(':v8::internal::Heap::MarkCompact()'))?.[1] ?? 0) / 300);

const [warmUpFile, countedFile, turnsArg, topArg] = process.argv.slice(2);
if (!warmUpFile || !countedFile || !turnsArg) {
  process.stderr.write('usage: cachegrind-split.ts <warm-up.cg> <counted.cg> <counted turns> [top N]\n');
  process.exit(2);
}
const turns = Number(turnsArg);
const before = readCounts(warmUpFile);
const after = readCounts(countedFile);
const perTurn = new Map<string, number>();
for (const name of new Set([...before.keys(), ...after.keys()])) {
  perTurn.set(name, ((after.get(name) ?? 0) - (before.get(name) ?? 0)) / turns);
}
const byKind = new Map<string, number>();
for (const [name, ir] of perTurn) byKind.set(kindOf(name), (byKind.get(kindOf(name)) ?? 0) + ir);
const total = [...perTurn.values()].reduce((a, b) => a + b, 0);
const m = (ir: number) => `${(ir / 1e6).toFixed(3).padStart(7)} M`;
const lines = [
  `per counted turn: ${m(total)}; full collections: ${fullCollections(before)} in the warm-up process, ${fullCollections(after)} in the counted one`,
  ...[...byKind].sort((a, b) => b[1] - a[1]).map(([kind, ir]) => `${m(ir)}  ${kind}`),
];
const top = Number(topArg ?? 0);
if (top > 0) {
  lines.push('by function:');
  for (const [name, ir] of [...perTurn].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${m(ir)}  ${name.slice(name.indexOf(':') + 1).slice(0, 140)}`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
