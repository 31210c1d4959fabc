/**
 * The speed work of capture round 9 reads exactly what was read before: the readers a message's words wake
 * are found in the list's order and nothing carries over to the next message; a number glued to a letter
 * (one of two code units too) is no phone; role words are told with and without their compound endings; and
 * whole messages read by the openers, the role prepositions and the legal forms give the same details.
 * Cases: test/fixtures/capture-units/round9-speed.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertWholeMessages, type WholeMessageCase } from '../../helpers/capture-families.js';
import { isRoleWord } from '../../../src/capture/lexicons/job-titles.js';
import { findPhones } from '../../../src/capture/phone.recognizer.js';
import { activeByWords } from '../../../src/capture/text.js';

const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round9-speed.json', import.meta.url), 'utf8'),
) as {
  readers: { needs: Array<string[] | null>; messages: Array<[string, number[]]> };
  phones: Array<[string, string, string[]]>;
  roleWords: Array<[string, boolean]>;
  messages: WholeMessageCase[];
};

describe('capture round 9: faster, the same readings', () => {
  it('the readers woken by a message are in list order, and none stays woken for the next message', () => {
    const readers = cases.readers.needs.map((needs) => (needs ? { needs } : {}));
    // Twice over, in a different order the second time: marks left behind would show.
    for (const round of [cases.readers.messages, [...cases.readers.messages].reverse()])
      for (const [text, active] of round) assert.deepEqual(activeByWords(text, readers), active, text);
  });

  it('a number glued to a letter before or after it is no phone', () => {
    for (const [text, country, phones] of cases.phones) {
      const read = findPhones(text, country).map((c) => c.value);
      assert.deepEqual(read, phones, text);
    }
  });

  it('role words are told by the list and by compound endings', () => {
    for (const [word, role] of cases.roleWords) assert.equal(isRoleWord(word), role, word);
  });

  it('whole messages give the same details', () => {
    assertWholeMessages(cases.messages);
  });
});
