/** Loads the extraction corpora and scores extractDetails against them (shared by the test and the bench). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractDetails, type ExtractedDetails } from '../../src/leads/lead-extraction.js';

export interface CorpusCase {
  text: string;
  country: string | null;
  expect: { name?: string; email?: string; phone?: string; company?: string; fields?: Record<string, string> };
  trap?: string;
}

export const SCORED_FIELDS = ['name', 'email', 'phone', 'company'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number] | 'fields';

export interface FieldScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface CorpusMiss {
  text: string;
  field: ScoredField;
  expected: string | undefined;
  got: string | undefined;
}

export function loadCorpus(name: 'dev' | 'heldout'): CorpusCase[] {
  const file = fileURLToPath(new URL(`../fixtures/extraction/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusCase[];
}

/** Case, spacing and dots do not matter when comparing ("Acme Pvt. Ltd" equals "acme pvt ltd"). */
function comparable(field: ScoredField, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/\s+/g, ' ');
  return field === 'company' || field === 'fields' ? v.toLowerCase().replace(/\./g, '') : v;
}

function pairs(fields: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(fields ?? {}).map(([k, v]) => [k, comparable('fields', v) ?? '']));
}

export function scoreCorpus(cases: CorpusCase[]): { scores: Record<ScoredField, FieldScore>; misses: CorpusMiss[] } {
  const counts = new Map<ScoredField, { tp: number; fp: number; fn: number }>();
  const misses: CorpusMiss[] = [];
  const count = (field: ScoredField, expected: string | undefined, got: string | undefined, text: string): void => {
    const c = counts.get(field) ?? { tp: 0, fp: 0, fn: 0 };
    counts.set(field, c);
    const e = comparable(field, expected);
    const g = comparable(field, got);
    if (e !== undefined && g === e) c.tp++;
    else {
      if (g !== undefined) c.fp++;
      if (e !== undefined) c.fn++;
      if (e !== undefined || g !== undefined) misses.push({ text, field, expected, got });
    }
  };
  for (const c of cases) {
    const got: ExtractedDetails = extractDetails(c.text, { defaultCountry: c.country ?? undefined });
    for (const f of SCORED_FIELDS) count(f, c.expect[f], got[f], c.text);
    // Labelled fields: each (label, value) pair is one item.
    const want = pairs(c.expect.fields);
    const have = pairs(got.fields);
    for (const label of new Set([...want.keys(), ...have.keys()])) {
      count('fields', want.has(label) ? `${label}=${want.get(label)}` : undefined, have.has(label) ? `${label}=${have.get(label)}` : undefined, c.text);
    }
  }
  const scores = {} as Record<ScoredField, FieldScore>;
  for (const f of [...SCORED_FIELDS, 'fields'] as const) {
    const { tp, fp, fn } = counts.get(f) ?? { tp: 0, fp: 0, fn: 0 };
    scores[f] = { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
  }
  return { scores, misses };
}

export function formatScores(label: string, scores: Record<ScoredField, FieldScore>): string {
  const rows = [`${label.padEnd(10)} field     precision  recall   tp  fp  fn`];
  for (const [field, s] of Object.entries(scores)) {
    rows.push(
      `${''.padEnd(10)} ${field.padEnd(9)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`,
    );
  }
  return rows.join('\n');
}
