import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPhones, hasUnreadPhone, normalizePhone } from '../../../src/capture/phone.recognizer.js';

const phones = (text: string, country?: string) => findPhones(text, country).map((c) => c.value);

describe('phone recognizer', () => {
  it('returns E.164 for numbers valid in the default country', () => {
    assert.equal(normalizePhone('0300 1234567', 'PK'), '+923001234567');
    assert.equal(normalizePhone('(415) 555-2671', 'US'), '+14155552671');
    assert.equal(normalizePhone('0300-1234567', 'pk'), '+923001234567');
  });
  it('reads + and 00 international numbers with or without a default country', () => {
    assert.equal(normalizePhone('+44 20 7946 0958', undefined), '+442079460958');
    assert.equal(normalizePhone('0044 20 7946 0958', undefined), '+442079460958');
    assert.equal(normalizePhone('+92 300 1234567', 'US'), '+923001234567');
    assert.deepEqual(phones('call 00 54 9 11 3456-7890'), ['+5491134567890']);
  });
  it('refuses national numbers without a default country, and junk', () => {
    assert.equal(normalizePhone('0300 1234567', undefined), undefined);
    assert.equal(normalizePhone('0300 1234567', 'XX'), undefined);
    for (const bad of [
      '2019',
      '54000',
      '10001',
      '123456789',
      '555-1234',
      'call me 0300 1234567',
      '+1 000 000 0000',
      '',
      '$15000',
      '2024-2025',
    ]) {
      assert.equal(normalizePhone(bad, 'US'), undefined, bad);
    }
  });
  it('does not read orders, invoices, prices, tax ids or versions as phones', () => {
    assert.deepEqual(phones('My order #4155552671 has not arrived', 'US'), []);
    assert.deepEqual(phones('invoice no. 3001234567 is unpaid', 'PK'), []);
    assert.deepEqual(phones('VAT 4155552671', 'US'), []);
    assert.deepEqual(phones('the price is $4155552671', 'US'), []);
  });
  it('tells when a phone was given that cannot be read without a country code', () => {
    assert.equal(hasUnreadPhone('my mobile is 0171 2345678', false), true);
    assert.equal(hasUnreadPhone('0171 2345678', true), true);
    assert.equal(hasUnreadPhone('we have 0171 2345678 units', false), false);
    assert.equal(hasUnreadPhone('order 01712345678 is late', true), false);
  });
  it('reads whole runs directly and leaves brackets, extensions and lists to the scan', () => {
    assert.deepEqual(phones('ring me on +44 20 7946 0958 after six'), ['+442079460958']);
    assert.deepEqual(phones('office (03) 9417 6203', 'AU'), ['+61394176203']);
    assert.deepEqual(phones('+49 171 2345678 / +49 171 2345679'), ['+491712345678', '+491712345679']);
    assert.deepEqual(phones('tel 0171 2345678 ext. 12', 'DE'), ['+491712345678']);
  });
});
