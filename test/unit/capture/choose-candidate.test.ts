import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCorrection, pickCandidate } from '../../../src/capture/choose-candidate.js';
import type { Candidate } from '../../../src/capture/text.js';

function at(text: string, ...values: string[]): Candidate[] {
  return values.map((value) => {
    const start = text.indexOf(value);
    return { value, start, end: start + value.length };
  });
}

describe('choosing among values', () => {
  it('lets a later correction win', () => {
    const text = "my email is a@x.com, sorry, it's actually b@y.com";
    assert.equal(pickCandidate(text, at(text, 'a@x.com', 'b@y.com')), 'b@y.com');
  });
  it('drops a value said to be old or wrong', () => {
    const text = 'reach me on 0300 2222222, not 0300 1111111';
    assert.equal(pickCandidate(text, at(text, '0300 2222222', '0300 1111111')), '0300 2222222');
  });
  it("drops someone else's value for emails and phones", () => {
    const text = "cc my colleague anna@x.com, I'm on bob@x.com";
    assert.equal(pickCandidate(text, at(text, 'anna@x.com', 'bob@x.com'), 'contact'), 'bob@x.com');
    assert.equal(
      pickCandidate('her email is anna@x.com', at('her email is anna@x.com', 'anna@x.com'), 'contact'),
      undefined,
    );
  });
  it('tells a correction from a mention', () => {
    const text = 'correction: Acme Supplies Ltd';
    assert.equal(isCorrection(text, text.indexOf('Acme')), true);
    assert.equal(isCorrection('we are Acme Ltd', 7), false);
  });
});
