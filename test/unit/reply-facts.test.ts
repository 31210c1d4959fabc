/** What the server decided is in the reply whatever the LLM wrote (src/chat/reply-facts.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingFacts } from '../../src/chat/reply-facts.js';

const WHEN = 'Tuesday, 5 May 2026 at 15:00 (Europe/Berlin)';
const LINK = 'https://meet.google.com/abc-defg-hij';

describe('facts the server decided, added when the words lack them', () => {
  it('a booking: the time and the Meet link', () => {
    const booked = { kind: 'booked' as const, when: WHEN, meetLink: LINK };
    assert.equal(
      missingFacts('Great, all set!', booked),
      `Your meeting is booked for ${WHEN}. Join with Google Meet: ${LINK}`,
    );
    assert.equal(missingFacts(`Booked for 5 May at 15:00, join at ${LINK}`, booked), undefined);
    assert.match(missingFacts(`Booked for 5 May at 15:00.`, booked) ?? '', /Google Meet: https:\/\/meet/);
    assert.match(missingFacts(`Here you go: ${LINK}`, booked) ?? '', /booked for Tuesday, 5 May 2026 at 15:00/);
  });

  it('a proposal and a request: the time', () => {
    assert.equal(missingFacts('Shall I book it?', { kind: 'proposed', when: WHEN }), `The time I can offer: ${WHEN}.`);
    assert.equal(missingFacts(`How about ${WHEN}?`, { kind: 'proposed', when: WHEN }), undefined);
    assert.match(missingFacts('Noted!', { kind: 'requested', when: WHEN }) ?? '', /recorded; the team will confirm/);
    assert.equal(
      missingFacts('The 6th at 15:00?', { kind: 'proposed', when: WHEN }) !== undefined,
      true,
      'another day',
    );
  });

  it('nothing to add without a decision, or for a decision without a time', () => {
    assert.equal(missingFacts('Hello!', undefined), undefined);
    assert.equal(missingFacts('Okay.', { kind: 'declined' }), undefined);
    assert.equal(missingFacts('When suits you?', { kind: 'need_time' }), undefined);
  });
});
