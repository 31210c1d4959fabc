import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findEmails, normalizeEmail } from '../../../src/capture/email.recognizer.js';

const emails = (text: string) => findEmails(text).map((c) => c.value);

describe('email recognizer', () => {
  it('lower-cases and strips surrounding punctuation', () => {
    assert.equal(normalizeEmail('John.Doe@Example.com.'), 'john.doe@example.com');
    assert.equal(normalizeEmail(' <ceo@startup.io>, '), 'ceo@startup.io');
    assert.equal(normalizeEmail('mailto:A@B.co'), 'a@b.co');
    assert.equal(normalizeEmail("o'neil+tag@mail.co.uk"), "o'neil+tag@mail.co.uk");
  });
  it('rejects junk', () => {
    for (const bad of [
      'john|doe@x.com',
      'a@x|y.com',
      'jo hn@x.com',
      'a..b@x.com',
      '.a@x.com',
      'a.@x.com',
      'a@x',
      'a@x.c',
      'a@x.c0m',
      'a@@x.com',
      'a@-x.com',
      'a@x..com',
      '@x.com',
      'a@',
      '',
      'plain text',
      `${'a'.repeat(65)}@x.com`,
    ]) {
      assert.equal(normalizeEmail(bad), undefined, bad);
    }
  });
  it('finds addresses in text, in brackets and after labels in any language', () => {
    assert.deepEqual(emails('Karel Janssens (karel@janssens.be) here'), ['karel@janssens.be']);
    assert.deepEqual(emails('Email ko maricel.santos@gmail.com, cp 0917'), ['maricel.santos@gmail.com']);
    assert.deepEqual(emails('a@x.com|phone: 123'), ['a@x.com']);
  });
  it('reads addresses spelled out to dodge spam bots, but not sentences', () => {
    assert.deepEqual(emails('write to jan at firma dot de please'), ['jan@firma.de']);
    assert.deepEqual(emails('ana[at]mail[dot]com'), ['ana@mail.com']);
    assert.deepEqual(emails('bob(at)example.co.uk'), ['bob@example.co.uk']);
    assert.deepEqual(emails('I work at acme.com and meet at 3.30'), []);
  });
  it('refuses an address split by a stray word after "email:"', () => {
    assert.deepEqual(emails('email: jo hn@x.org'), []);
  });
});
