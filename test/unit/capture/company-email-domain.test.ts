import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainLabel, findDomainNamed } from '../../../src/capture/company/email-domain.js';
import { foldLetters } from '../../../src/capture/text.js';
import { extractDetails } from '../../../src/capture/extract-details.js';
import type { Candidate } from '../../../src/capture/text.js';

function named(text: string, email: string): string[] {
  const label = domainLabel(email);
  const out: Candidate[] = [];
  if (label) findDomainNamed(text, [label], out);
  return out.map((c) => c.value);
}

describe('company named by the email domain', () => {
  it('takes the business part of a domain, never a webmail one', () => {
    assert.equal(domainLabel('ana@mail.harbour-lights.co.nz'), 'harbourlights');
    assert.equal(domainLabel('ana@gmail.com'), undefined);
    assert.equal(domainLabel('jo@yahoo.co.uk'), undefined);
    assert.equal(foldLetters('Søndergaard Øl & Brød'), 'sondergaardolbrod');
  });
  it('reads the words that spell the domain, in any case and place', () => {
    assert.deepEqual(named('Harbour Lights Sailing', 'tim@harbourlights.nz'), ['Harbour Lights Sailing']);
    assert.deepEqual(named('oh and the shop is copper kettle tea btw', 'm@copperkettletea.com'), ['copper kettle tea']);
    assert.deepEqual(named('0412 555 019 / Mill & Loom Textiles', 'x@millloom.com.au'), ['Mill & Loom Textiles']);
  });
  it('takes a legal form or a business word around the spelt words', () => {
    assert.deepEqual(named('we are Ostrava Kovo s.r.o. from Czechia', 'p@ostravakovo.cz'), ['Ostrava Kovo s.r.o.']);
    assert.deepEqual(named('Bäckerei Sonnenkorn, seit 1998', 'info@sonnenkorn.de'), ['Bäckerei Sonnenkorn']);
  });
  it('does not read the visitor spelt in their own address', () => {
    assert.deepEqual(named('I am Maria Lopez', 'maria@marialopez.com'), []);
    assert.deepEqual(named('thanks, that is all', 'q@thanksforall.com'), []);
  });
  it('gives the company when the address came earlier in the conversation', () => {
    const got = extractDetails('Copper Kettle Tea Rooms', {
      defaultCountry: undefined,
      asked: 'phone',
      known: { name: 'Tom Reed', email: 'tom@copperkettletea.co.uk' },
    });
    assert.equal(got.company, 'Copper Kettle Tea Rooms');
  });
});
