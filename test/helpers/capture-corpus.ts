/**
 * The capture corpora and their scorer (shared by the unit test and `npm run bench:extraction`).
 *
 * - blind-a-dev / blind-a-heldout: 660 conversations in 74 countries written blind (by writers who never read
 *   the extractor), split in halves by a hash of the id, stratified by writer and trap. The rules were tuned
 *   on a-dev; a-heldout was scored once (docs/lead-capture.md has that score) and used for development after.
 * - blind-b-heldout: 600 more conversations in 72 countries by four new blind writers. Scored once as the
 *   held-out set, then used for development too.
 * - blind-c-heldout: 600 conversations in 72 countries by a third group of blind writers, asked for text
 *   unlike a textbook. Scored once as the held-out set, then used for development too.
 * - blind-d-heldout: 600 conversations in 71 countries by a fourth group; the held-out set of round 4,
 *   scored once at its end, then used for development too (round 5 cross-validated A+B+C against D).
 * - blind-e-heldout: 600 conversations in 62 countries by a fifth group (half plain website-chat phrasing,
 *   half harder), written while round 5 was built and never read by it; the held-out set of round 5.
 * - blind-f-heldout: 600 conversations by a sixth group (f1-f3); held out in round 6, development data after.
 * - blind-g-heldout: 600 conversations in 65 countries by a seventh group (g1-g3), written while round 7 was
 *   built and never read by it; the held-out set of round 7, scored once at its end.
 * - own-dev / own-heldout: the single messages the project wrote itself earlier (kept as a regression set).
 *
 * A conversation is scored as the server runs it: each visitor turn is read with what the assistant's
 * previous reply asked for (the offline assistant's real reply, so a bare "Priya" answers "May I have your
 * name?"), what the conversation gave before and the visitor's own earlier turns (the server passes them from
 * the conversation kept in Redis); the lead after the last turn is compared with `expect`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { loadBusinessProfile, type BusinessProfile } from '../../src/business/business-profile.js';
import { askedContactField, askedDetailOf } from '../../src/capture/asked-detail.js';
import { businessIdentityOf } from '../../src/capture/business-identity.js';
import { chooseName, extractDetails } from '../../src/capture/extract-details.js';
import type { ContactField } from '../../src/llm/assistant.types.js';
import type { ContactDetails } from '../../src/leads/lead.types.js';
import { composeOfflineReply } from '../../src/llm/offline.assistant.js';

export const SCORED_FIELDS = ['name', 'email', 'phone', 'company'] as const satisfies readonly ContactField[];
export type ScoredField = (typeof SCORED_FIELDS)[number];
/** Every corpus in test/fixtures/capture, in the order the bench prints them. */
export const CORPORA = [
  'blind-a-dev',
  'blind-a-heldout',
  'blind-b-heldout',
  'blind-c-heldout',
  'blind-d-heldout',
  'blind-e-heldout',
  'blind-f-heldout',
  'blind-g-heldout',
  'blind-h-heldout',
  'blind-i-heldout',
  'blind-j-heldout',
  'blind-k-heldout',
  'own-dev',
  'own-heldout',
] as const;
export type CorpusName = (typeof CORPORA)[number];

export interface Conversation {
  id: string;
  /** The visitor's country. */
  country: string;
  /** The business's default country for phones without a country code. */
  defaultCountry: string | null;
  style?: string;
  /**
   * Set H on: `plain` is ordinary website-chat English (the set A), `varied` many writing styles
   * and languages (its set B); the bench scores each apart as well.
   */
  register?: 'plain' | 'varied';
  trap?: boolean;
  trapKinds?: string[];
  turns: string[];
  /** The lead after the last turn; an array lists forms a careful reader accepts equally. */
  expect: Partial<Record<ScoredField, string | string[]>>;
}

interface OwnCase {
  text: string;
  country: string | null;
  expect: Partial<Record<ScoredField, string>>;
  trap?: string;
}

export interface FieldScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CorpusMiss {
  id: string;
  field: ScoredField;
  expected: string | string[] | undefined;
  got: string | undefined;
  turns: string[];
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/capture/${name}.json`, import.meta.url));

export function loadCorpus(name: CorpusName): Conversation[] {
  const raw = JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown[];
  if (name.startsWith('blind')) return raw as Conversation[];
  return (raw as OwnCase[]).map((c, i) => ({
    id: `${name}-${i + 1}`,
    country: c.country ?? 'XX',
    defaultCountry: c.country,
    trap: Boolean(c.trap),
    turns: [c.text],
    expect: Object.fromEntries(
      SCORED_FIELDS.filter((f) => c.expect[f] !== undefined).map((f) => [f, c.expect[f] ?? '']),
    ),
  }));
}

let profile: BusinessProfile | undefined;
/** The default business profile (config/business.json), which the writers were told about. */
export function corpusProfile(): BusinessProfile {
  profile ??= loadBusinessProfile(fileURLToPath(new URL('../../config/business.json', import.meta.url)));
  return profile;
}

/** Runs one conversation through the extractor and the offline assistant; returns the lead's details. */
export function captureConversation(
  conversation: Conversation,
  business: BusinessProfile = corpusProfile(),
): ContactDetails {
  const identity = businessIdentityOf(business);
  const visitor: ContactDetails = { name: null, email: null, phone: null, company: null, fields: {} };
  let lastReply: string | undefined;
  conversation.turns.forEach((message, i) => {
    const lastAsked = askedDetailOf(lastReply, business);
    const got = extractDetails(message, {
      defaultCountry: conversation.defaultCountry ?? undefined,
      asked: askedContactField(lastAsked),
      known: visitor,
      business: identity,
      earlier: conversation.turns.slice(0, i),
    });
    const captured: ContactField[] = [];
    const name = chooseName(visitor.name, got.name);
    for (const [field, value] of [
      ['name', name],
      ['email', got.email],
      ['phone', got.phone],
      ['company', got.company],
    ] as const) {
      if (value && value !== visitor[field]) {
        visitor[field] = value;
        captured.push(field);
      }
    }
    Object.assign(visitor.fields, got.fields);
    lastReply = composeOfflineReply(message, {
      now: DateTime.utc(),
      profile: business,
      visitor,
      missing: SCORED_FIELDS.filter((f) => !visitor[f]),
      captured,
      capturedFields: [],
      meeting: undefined,
      firstTurn: i === 0,
      missingQualification: business.qualification.filter((q) => !visitor.fields[q.label]),
      unreadPhone: got.unreadPhone === true && !got.phone,
    });
  });
  return visitor;
}

/** Case and spacing never matter; for companies, dots and commas neither ("Acme, Inc." = "acme inc"). */
function comparable(field: ScoredField, value: string): string {
  const v = value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return field === 'company' ? v.replace(/[.,]/g, '').replace(/\s+/g, ' ').trim() : v;
}

function matches(field: ScoredField, expected: string | string[], got: string): boolean {
  const want = Array.isArray(expected) ? expected : [expected];
  return want.some((w) => comparable(field, w) === comparable(field, got));
}

export function scoreCorpus(conversations: Conversation[]): {
  scores: Record<ScoredField, FieldScore>;
  misses: CorpusMiss[];
} {
  const counts = Object.fromEntries(SCORED_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<
    ScoredField,
    { tp: number; fp: number; fn: number }
  >;
  const misses: CorpusMiss[] = [];
  for (const c of conversations) {
    const lead = captureConversation(c);
    for (const field of SCORED_FIELDS) {
      const expected = c.expect[field];
      const got = lead[field] ?? undefined;
      const n = counts[field];
      if (expected !== undefined && got !== undefined && matches(field, expected, got)) {
        n.tp++;
        continue;
      }
      if (got !== undefined) n.fp++;
      if (expected !== undefined) n.fn++;
      if (expected !== undefined || got !== undefined) misses.push({ id: c.id, field, expected, got, turns: c.turns });
    }
  }
  const scores = {} as Record<ScoredField, FieldScore>;
  for (const f of SCORED_FIELDS) {
    const { tp, fp, fn } = counts[f];
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    scores[f] = {
      tp,
      fp,
      fn,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    };
  }
  return { scores, misses };
}

export function formatScores(label: string, scores: Record<ScoredField, FieldScore>): string {
  const rows = [`${label.padEnd(22)} field     precision  recall      F1    tp  fp  fn`];
  for (const [field, s] of Object.entries(scores)) {
    rows.push(
      `${''.padEnd(22)} ${field.padEnd(9)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(7)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`,
    );
  }
  return rows.join('\n');
}
