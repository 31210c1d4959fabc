import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScores, loadCorpus, SCORED_FIELDS, scoreCorpus } from '../../helpers/capture-corpus.js';

describe('lead extraction corpora', () => {
  for (const corpus of ['own-dev', 'own-heldout'] as const) {
    it(`${corpus}: precision and recall >= 0.95 for name, email, phone, company`, () => {
      const cases = loadCorpus(corpus);
      assert.ok(cases.length >= 80, `${corpus} has ${cases.length} messages`);
      assert.ok(cases.filter((c) => c.trap).length * 2 >= cases.length, `${corpus}: at least half are traps`);
      const { scores, misses } = scoreCorpus(cases);
      const report = `${formatScores(corpus, scores)}\n${misses.map((m) => `${m.field}: want ${String(m.expected)} got ${m.got} | ${m.turns.join(' / ')}`).join('\n')}`;
      for (const field of SCORED_FIELDS) {
        assert.ok(scores[field].precision >= 0.95, `${field} precision\n${report}`);
        assert.ok(scores[field].recall >= 0.95, `${field} recall\n${report}`);
      }
    });
  }
});

describe("blind corpora (A to K; each set after A was scored once as a round's held-out set)", () => {
  // A floor under today's scores on the development data (all four sets are development data since round 5):
  // a change that loses what the extractor could do fails here.
  const floors = {
    'blind-a-dev': { name: 0.96, email: 0.98, phone: 0.98, company: 0.96 },
    'blind-a-heldout': { name: 0.94, email: 0.98, phone: 0.98, company: 0.95 },
    'blind-b-heldout': { name: 0.95, email: 0.98, phone: 0.97, company: 0.93 },
    'blind-c-heldout': { name: 0.91, email: 0.98, phone: 0.98, company: 0.88 },
    'blind-d-heldout': { name: 0.93, email: 0.97, phone: 0.98, company: 0.84 },
    // Set E was scored once at the end of round 5 (docs/lead-capture.md); its floor only guards against a loss.
    'blind-e-heldout': { name: 0.95, email: 0.98, phone: 0.98, company: 0.9 },
    'blind-f-heldout': { name: 0.95, email: 0.99, phone: 0.98, company: 0.86 },
    // Sets G, H, I and J were scored once, at the end of rounds 7, 8, 9 and 10 (docs/lead-capture.md).
    'blind-g-heldout': { name: 0.9, email: 0.98, phone: 0.98, company: 0.84 },
    'blind-h-heldout': { name: 0.92, email: 0.98, phone: 0.98, company: 0.87 },
    'blind-i-heldout': { name: 0.93, email: 0.98, phone: 0.98, company: 0.84 },
    'blind-j-heldout': { name: 0.93, email: 0.98, phone: 0.98, company: 0.85 },
    // Set K was scored once at the end of round 11 (docs/lead-capture.md); its floor only guards against a loss.
    'blind-k-heldout': { name: 0.94, email: 0.98, phone: 0.98, company: 0.93 },
  } as const;
  for (const [corpus, floor] of Object.entries(floors) as Array<
    [keyof typeof floors, (typeof floors)[keyof typeof floors]]
  >) {
    it(`${corpus}: at least the floor per field, precision no lower than 0.87`, () => {
      const cases = loadCorpus(corpus);
      assert.ok(cases.length >= 300, `${corpus} has ${cases.length} conversations`);
      const { scores, misses } = scoreCorpus(cases);
      const report = `${formatScores(corpus, scores)}\n${misses.map((m) => `[${m.id}] ${m.field}: want ${String(m.expected)} got ${m.got}`).join('\n')}`;
      for (const field of SCORED_FIELDS) {
        assert.ok(scores[field].f1 >= floor[field], `${field} F1\n${report}`);
        assert.ok(scores[field].precision >= 0.87, `${field} precision\n${report}`);
      }
    });
  }
});
