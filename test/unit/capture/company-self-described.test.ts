import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCompanies } from '../../../src/capture/company.recognizer.js';
import { pickCandidate } from '../../../src/capture/choose-candidate.js';
import { isBusinessWord } from '../../../src/capture/lexicons/business-nouns.js';
import { isLegalForm } from '../../../src/capture/lexicons/legal-forms.js';
import { maskLinks } from '../../../src/capture/text.js';

function company(
  text: string,
  opts: { asked?: boolean; guessed?: boolean; nameKnown?: boolean } = {},
): string | undefined {
  const masked = maskLinks(text);
  const found = findCompanies(masked, {
    askedForCompany: opts.asked ?? false,
    guessedAnswer: opts.guessed ?? false,
    excluded: new Set(),
    nameEnds: [],
    nameKnown: opts.nameKnown ?? false,
  });
  return pickCandidate(masked, found);
}

describe('business words', () => {
  it('knows business words and compounds in many languages, not names', () => {
    for (const w of ['bakery', 'cervecería', 'kapsalon', 'Fahrradladen', 'Architekturbüro', 'pizzeria', 'kampuni'])
      assert.ok(isBusinessWord(w), w);
    for (const w of ['Valeria', 'Maria', 'bishop', 'Valerie', 'question']) assert.ok(!isBusinessWord(w), w);
  });
});

describe('a self-described business, then its name', () => {
  it('reads the name after the visitor describes their own business', () => {
    const cases: Array<[string, string]> = [
      ['tenemos una heladería artesanal en Mendoza, Frío Andino, y queremos vender online', 'Frío Andino'],
      ['ik heb een fietswinkel, Trapkracht Utrecht, en zoek een webshop', 'Trapkracht Utrecht'],
      ['we run a tiny surf school on the coast called Salt Line Surf', 'Salt Line Surf'],
      ['Nina duka la nguo, Mavazi Bora, nataka tovuti', 'Mavazi Bora'],
      ['tenho uma sorveteria, a Gelado do Cais, no Porto', 'Gelado do Cais'],
      ['I own a small wine bar - La Petite Grappe - in Lyon', 'La Petite Grappe'],
    ];
    for (const [text, want] of cases) assert.equal(company(text), want, text);
  });
  it('reads nothing after a description of something else, or a short abbreviation', () => {
    assert.equal(company('I have a question about pricing, Google Ads included?'), undefined);
    assert.equal(company('we have a brand on instagram, IG mostly'), undefined);
  });
});

describe('company words', () => {
  it('opens a name with a capitalised everyday word when more capitalised words follow', () => {
    assert.equal(company('we run a cafe called Little Fern Kitchen'), 'Little Fern Kitchen');
    assert.equal(company('I work at Big Oak Landscaping'), 'Big Oak Landscaping');
  });
  it('reads ambiguous legal forms only as a company writes them', () => {
    assert.ok(isLegalForm('AS') && isLegalForm('S.A.') && isLegalForm('SpA') && isLegalForm('Co'));
    assert.ok(!isLegalForm('Me') && !isLegalForm('As') && !isLegalForm('as'));
  });
  it('takes a line of capitalised words as the company once the name is known', () => {
    assert.equal(
      company('Gärtnerei Lindqvist', { asked: true, guessed: true, nameKnown: true }),
      'Gärtnerei Lindqvist',
    );
    assert.equal(company('Gärtnerei Lindqvist', { asked: true, guessed: true }), undefined);
    assert.equal(company('Marcus Lindqvist', { asked: true, guessed: true, nameKnown: true }), undefined);
  });
});

describe('lower-case names of the visitor business', () => {
  it('reads a lower-case name after "called" and in brackets right after a business word', () => {
    assert.equal(company('we run a tiny bakery in Leeds called sweet crumbs. need a site'), 'sweet crumbs');
    assert.equal(company('ich habe einen kleinen Hofladen (gruberhof) im Tal'), 'gruberhof');
    assert.equal(company('tenemos una taquería que se llama el rincón y queremos una web'), 'el rincón');
  });
  it('reads no spelt-out address or web address in brackets', () => {
    assert.equal(company('tengo una academia (arroba) gmail'), undefined);
    assert.equal(company('prowadzę sklep internetowy (ceramika-lala.pl)'), undefined);
  });
});
