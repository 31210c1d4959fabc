/**
 * Capture round 11: what the conversation said before. A business named in an earlier turn is the company
 * once the address its domain spells arrives (the scorer runs each conversation as the server does, with the
 * visitor's earlier turns), and the words an address spells, in test/fixtures/capture-units/round11-look.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails, recentMessages } from '../../../src/capture/extract-details.js';
import { captureConversation } from '../../helpers/capture-corpus.js';

interface ConversationFamily {
  title: string;
  conversations: Array<{ turns: string[]; company: string | null }>;
}

interface Fixture {
  lookBack: ConversationFamily;
  replaced: ConversationFamily;
  kept: ConversationFamily;
  domainWords: { title: string; read: Array<[string, string, string]>; empty: Array<[string, string]> };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round11-look.json', import.meta.url), 'utf8'),
) as Fixture;

const companyOf = (turns: string[]) =>
  captureConversation({ id: 'unit', country: 'XX', defaultCountry: null, turns, expect: {} }).company;

describe('capture round 11: what the conversation said before', () => {
  for (const family of [fixture.lookBack, fixture.replaced, fixture.kept])
    it(family.title, () => {
      for (const { turns, company } of family.conversations) assert.equal(companyOf(turns), company, turns.join(' / '));
    });

  it(fixture.domainWords.title, () => {
    const read = (email: string, text: string) =>
      extractDetails(text, { defaultCountry: undefined, known: { email } }).company;
    for (const [email, text, want] of fixture.domainWords.read) assert.equal(read(email, text), want, text);
    for (const [email, text] of fixture.domainWords.empty) assert.equal(read(email, text), undefined, text);
  });

  it('reads back at most the last 6 messages and 4,000 characters, newest first, oldest first in order', () => {
    const many = Array.from({ length: 9 }, (_, i) => `message ${i}`);
    assert.deepEqual(recentMessages(many), many.slice(3));
    const long = ['a'.repeat(3000), 'b'.repeat(1500), 'c'.repeat(3000)];
    const recent = recentMessages(long);
    assert.deepEqual(
      recent.map((m) => [m[0], m.length]),
      [
        ['b', 1000],
        ['c', 3000],
      ],
    );
  });
});
