import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLabelledFields } from '../../../src/capture/labelled-fields.recognizer.js';

const fields = (text: string) => findLabelledFields(text, text, undefined);

describe('labelled fields recognizer', () => {
  it('reads location, budget, website and timeline', () => {
    assert.deepEqual(fields('We are based in Berlin. Budget is around $5,000 and timeline: 3 months'), {
      Location: 'Berlin',
      Budget: '$5,000',
      Timeline: '3 months',
    });
    assert.deepEqual(fields('our website is https://sara.pk'), { Website: 'https://sara.pk' });
    assert.deepEqual(fields('this is Sara from Karachi'), { Location: 'Karachi' });
    assert.deepEqual(fields('we need it within 2 weeks'), { Timeline: '2 weeks' });
  });
  it('does not take a company for a place', () => {
    assert.deepEqual(fields("I'm from Acme Ltd"), {});
  });
});
