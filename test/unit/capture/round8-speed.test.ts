/**
 * The speed work of capture round 8 reads exactly what was read before: matches read with `matchesOf` are
 * those of `matchAll`, the clause reader gives the same words, a phone after a word ("call me at 030 ...")
 * is read, and spelled-out addresses are still found. Cases: test/fixtures/capture-units/round8-speed.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findEmails } from '../../../src/capture/email.recognizer.js';
import { findPhones } from '../../../src/capture/phone.recognizer.js';
import { matchesOf, readTokens } from '../../../src/capture/text.js';

const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round8-speed.json', import.meta.url), 'utf8'),
) as {
  matches: Array<[string, string, string, number]>;
  tokens: Array<[string, number, string[]]>;
  phones: Array<[string, string | null, string]>;
  spelledEmails: { read: Array<[string, string]>; empty: string[] };
};

/** What a test compares of a match: where, what, its groups. */
const shown = (m: RegExpMatchArray) => ({ index: m.index, all: [...m], groups: m.groups });

describe('capture round 8: faster, the same readings', () => {
  it('matchesOf gives the matches matchAll gives, from the same lastIndex, and leaves lastIndex as it was', () => {
    for (const [source, flags, text, lastIndex] of cases.matches) {
      const re = new RegExp(source, flags);
      re.lastIndex = lastIndex;
      const expected = [...text.matchAll(re)].map(shown);
      assert.equal(re.lastIndex, lastIndex);
      assert.deepEqual(matchesOf(text, re).map(shown), expected, `/${source}/${flags} on ${text}`);
      assert.equal(re.lastIndex, lastIndex, `/${source}/${flags} lastIndex`);
    }
  });

  it('matchesOf refuses an expression without the g flag, as matchAll does', () => {
    assert.throws(() => matchesOf('abc', /b/), TypeError);
  });

  it('the clause reader ends at the clause and keeps "(Pvt)" and abbreviations', () => {
    for (const [text, limit, words] of cases.tokens)
      assert.deepEqual(
        readTokens(text, limit).map((t) => t.word),
        words,
        text,
      );
  });

  it('a phone number after a word or in brackets is read', () => {
    for (const [text, country, phone] of cases.phones)
      assert.deepEqual(
        findPhones(text, country ?? undefined).map((c) => c.value),
        [phone],
        text,
      );
  });

  it('spelled-out addresses are read; a plain "at" or a "dot" in a sentence is no address', () => {
    for (const [text, email] of cases.spelledEmails.read)
      assert.deepEqual(
        findEmails(text).map((c) => c.value),
        [email],
        text,
      );
    for (const text of cases.spelledEmails.empty) assert.deepEqual(findEmails(text), [], text);
  });
});
