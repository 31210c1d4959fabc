import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  askedDetailOf,
  CONTACT_QUESTIONS,
  lastQuestionOf,
  PHONE_WITH_COUNTRY_CODE,
} from '../../../src/capture/asked-detail.js';
import type { BusinessProfile } from '../../../src/business/business-profile.js';

const profile = {
  qualification: [{ label: 'Budget', question: 'Do you have a budget in mind for it?' }],
} as BusinessProfile;

describe('what the assistant asked', () => {
  it("reads the offline assistant's own questions", () => {
    for (const [field, question] of Object.entries(CONTACT_QUESTIONS)) {
      assert.deepEqual(askedDetailOf(`Thank you, I've noted that. ${question}`, profile), { kind: 'contact', field });
    }
    assert.deepEqual(askedDetailOf(PHONE_WITH_COUNTRY_CODE, profile), { kind: 'contact', field: 'phone' });
  });
  it('reads a qualification question', () => {
    assert.deepEqual(askedDetailOf('Great. Do you have a budget in mind for it?', profile), {
      kind: 'qualification',
      label: 'Budget',
    });
  });
  it("reads an LLM's wording from its last question", () => {
    assert.deepEqual(askedDetailOf('Sure, we build shops. Who am I talking to - what is your name?', profile), {
      kind: 'contact',
      field: 'name',
    });
    assert.deepEqual(askedDetailOf("Thanks Priya! What's the best email to send the quote to?", profile), {
      kind: 'contact',
      field: 'email',
    });
    assert.deepEqual(askedDetailOf('Which company are you with?', profile), { kind: 'contact', field: 'company' });
  });
  it('reads nothing when the reply asks nothing', () => {
    assert.equal(askedDetailOf('We are open Monday to Friday.', profile), undefined);
    assert.equal(askedDetailOf(undefined, profile), undefined);
  });
  it('takes the last question as the last match of /[^.!?\\n]*\\?/g would', () => {
    // Random replies over the characters that matter (sentence ends, spaces, letters), plus hand-picked ones.
    const alphabet = ['a', 'b', ' ', '.', '!', '?', '\n', 'é'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const replies = ['', '?', '??', 'a??', 'Why? Because. Who?', 'ends. no question', 'Email?\nPhone number, please?'];
    for (let i = 0; i < 2000; i++) {
      replies.push(Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join(''));
    }
    for (const reply of replies) {
      const matches = reply.match(/[^.!?\n]*\?/g);
      assert.equal(lastQuestionOf(reply), matches?.[matches.length - 1], JSON.stringify(reply));
    }
  });
});
