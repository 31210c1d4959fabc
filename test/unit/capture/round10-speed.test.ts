/**
 * The speed work of capture round 10 reads exactly what was read before: a message's words are looked up once in
 * one index of every word list (hasAnyWord's lists, the readers' `needs`), so the answers must be the same
 * whichever list is asked first, whichever message was read last (the index remembers two), and for a list first
 * asked while a message is already read; and whole messages read by the lead-ins give the same details.
 * Cases: test/fixtures/capture-units/round10-speed.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertWholeMessages, type WholeMessageCase } from '../../helpers/capture-families.js';
import { activeByWords, hasAnyWord, wordsOf } from '../../../src/capture/text.js';

const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round10-speed.json', import.meta.url), 'utf8'),
) as {
  lists: string[][];
  wordMessages: Array<[string, boolean[]]>;
  readers: { needs: Array<string[] | null>; messages: Array<[string, number[]]> };
  messages: WholeMessageCase[];
};

describe("capture round 10: one look-up of a message's words, the same readings", () => {
  it('each list is answered as a look for its words in the message, in any order of lists and messages', () => {
    // Fresh copies of the lists: the first question of each comes after a message is already read.
    const lists = cases.lists.map((words) => [...words]);
    for (const round of [cases.wordMessages, [...cases.wordMessages].reverse(), cases.wordMessages])
      for (const [text, expected] of round) {
        // Asked in a different order each time, and with another message read in between.
        const order = lists.map((_, i) => i).reverse();
        for (const i of order) assert.equal(hasAnyWord(text, lists[i] as string[]), expected[i], `${text} / ${i}`);
        wordsOf('an unrelated message in between');
        for (const i of order) assert.equal(hasAnyWord(text, lists[i] as string[]), expected[i], `${text} / ${i}`);
      }
  });

  it('a message and its masked copy are answered apart, read in turns', () => {
    const [a, b] = [cases.lists[0] as string[], cases.lists[4] as string[]];
    const text = 'a quote for the shop called Holm';
    const masked = 'a       for the shop called Holm';
    for (let i = 0; i < 3; i++) {
      assert.equal(hasAnyWord(text, a), true);
      assert.equal(hasAnyWord(masked, a), false);
      assert.equal(hasAnyWord(masked, b), true);
      assert.deepEqual([...wordsOf(masked)], ['a', 'for', 'the', 'shop', 'called', 'holm']);
    }
  });

  it('the readers woken by a message are in list order, a reader without needs always', () => {
    const readers = cases.readers.needs.map((needs) => (needs ? { needs } : {}));
    for (const round of [cases.readers.messages, [...cases.readers.messages].reverse()])
      for (const [text, active] of round) assert.deepEqual(activeByWords(text, readers), active, text);
  });

  it('whole messages give the same details', () => {
    assertWholeMessages(cases.messages);
  });
});
