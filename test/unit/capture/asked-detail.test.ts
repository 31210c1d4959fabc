import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askedDetailOf, CONTACT_QUESTIONS, PHONE_WITH_COUNTRY_CODE } from '../../../src/capture/asked-detail.js';
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
});
