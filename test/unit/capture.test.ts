import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEmail } from '../../src/capture/email.recognizer.js';
import { extractDetails } from '../../src/capture/extract-details.js';
import { normalizePhone } from '../../src/capture/phone.recognizer.js';
import { normalizeName } from '../../src/capture/text.js';
import { formatScores, loadCorpus, SCORED_FIELDS, scoreCorpus } from '../helpers/capture-corpus.js';

describe('lead extraction corpora', () => {
  for (const corpus of ['own-dev', 'own-heldout'] as const) {
    it(`${corpus}: precision and recall >= 0.95 for name, email, phone, company`, () => {
      const cases = loadCorpus(corpus);
      assert.ok(cases.length >= 80, `${corpus} has ${cases.length} messages`);
      assert.ok(cases.filter((c) => c.trap).length * 2 >= cases.length, `${corpus}: at least half are traps`);
      const { scores, misses } = scoreCorpus(cases);
      const report = `${formatScores(corpus, scores)}\n${misses.map((m) => `${m.field}: want ${String(m.expected)} got ${m.got} | ${m.turns.join(' / ')}`).join('\n')}`;
      for (const field of SCORED_FIELDS) {
        assert.ok(scores[field].precision >= 0.95, `${field} precision\n${report}`);
        assert.ok(scores[field].recall >= 0.95, `${field} recall\n${report}`);
      }
    });
  }
});

describe('normalizeEmail', () => {
  it('lower-cases and strips surrounding punctuation', () => {
    assert.equal(normalizeEmail('John.Doe@Example.com.'), 'john.doe@example.com');
    assert.equal(normalizeEmail(' <ceo@startup.io>, '), 'ceo@startup.io');
    assert.equal(normalizeEmail('mailto:A@B.co'), 'a@b.co');
    assert.equal(normalizeEmail("o'neil+tag@mail.co.uk"), "o'neil+tag@mail.co.uk");
  });
  it('rejects junk', () => {
    for (const bad of ['john|doe@x.com', 'a@x|y.com', 'jo hn@x.com', 'a..b@x.com', '.a@x.com', 'a.@x.com', 'a@x', 'a@x.c', 'a@x.c0m', 'a@@x.com', 'a@-x.com', 'a@x..com', '@x.com', 'a@', '', 'plain text', `${'a'.repeat(65)}@x.com`]) {
      assert.equal(normalizeEmail(bad), undefined, bad);
    }
  });
});

describe('normalizePhone', () => {
  it('returns E.164 for numbers valid in the default country', () => {
    assert.equal(normalizePhone('0300 1234567', 'PK'), '+923001234567');
    assert.equal(normalizePhone('(415) 555-2671', 'US'), '+14155552671');
    assert.equal(normalizePhone('0300-1234567', 'pk'), '+923001234567');
  });
  it('reads + and 00 international numbers with or without a default country', () => {
    assert.equal(normalizePhone('+44 20 7946 0958', undefined), '+442079460958');
    assert.equal(normalizePhone('0044 20 7946 0958', undefined), '+442079460958');
    assert.equal(normalizePhone('+92 300 1234567', 'US'), '+923001234567');
  });
  it('refuses national numbers without a default country, and junk', () => {
    assert.equal(normalizePhone('0300 1234567', undefined), undefined);
    assert.equal(normalizePhone('0300 1234567', 'XX'), undefined);
    for (const bad of ['2019', '54000', '10001', '123456789', '555-1234', 'call me 0300 1234567', '+1 000 000 0000', '', '$15000', '2024-2025']) {
      assert.equal(normalizePhone(bad, 'US'), undefined, bad);
    }
  });
});

describe('normalizeName', () => {
  it('capitalises words and keeps deliberate mixed case', () => {
    assert.equal(normalizeName('john smith'), 'John Smith');
    assert.equal(normalizeName('OMAR FAROOQ'), 'Omar Farooq');
    assert.equal(normalizeName("o'brien"), "O'Brien");
    assert.equal(normalizeName('mary-jane watson'), 'Mary-Jane Watson');
    assert.equal(normalizeName('McDonald'), 'McDonald');
    assert.equal(normalizeName('élodie'), 'Élodie');
    assert.equal(normalizeName('Dr. Ahmed Raza'), 'Ahmed Raza');
  });
  it('refuses what is not one to four words of letters', () => {
    for (const bad of ['', 'A', 'John Paul George Ringo Starr', 'R2D2', 'john@x.com', 'Smith-', 'Ali, Khan']) {
      assert.equal(normalizeName(bad), undefined, bad);
    }
  });
});

describe('extractDetails', () => {
  it('lets the later correction win within a message', () => {
    const d = extractDetails("my email is a@x.com, sorry, it's actually b@y.com", { defaultCountry: 'US' });
    assert.equal(d.email, 'b@y.com');
  });
  it('keeps labelled fields short', () => {
    const d = extractDetails(`timeline: ${'very '.repeat(40)}soon`, { defaultCountry: undefined });
    assert.ok((d.fields.Timeline ?? '').length <= 100);
  });
  it('reads nothing from a message without details', () => {
    assert.deepEqual(extractDetails('What are your opening hours?', { defaultCountry: 'PK' }), { fields: {} });
  });
});
