import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCompanies } from '../../../src/capture/company.recognizer.js';
import { pickCandidate } from '../../../src/capture/choose-candidate.js';
import { maskLinks } from '../../../src/capture/text.js';

function company(text: string, opts: { asked?: boolean; nameEnd?: number } = {}): string | undefined {
  const masked = maskLinks(text);
  const found = findCompanies(
    masked,
    {
      askedForCompany: opts.asked ?? false,
      guessedAnswer: false,
      excluded: new Set(['northwind digital']),
      nameEnds: opts.nameEnd === undefined ? [] : [opts.nameEnd],
    },
    text,
  );
  return pickCandidate(masked, found);
}

describe('company recognizer', () => {
  it('reads companies after roles and verbs', () => {
    const cases: Array<[string, string]> = [
      ['I am the CTO of Brightpath Analytics and we need help', 'Brightpath Analytics'],
      ['Head of Ops at Kestrel Foods here', 'Kestrel Foods'],
      ["I'm working for Meridian Travel", 'Meridian Travel'],
      ['I run Sweet Crumbs Bakery in town', 'Sweet Crumbs Bakery'],
      ['we run a bakery called Sweet Crumbs', 'Sweet Crumbs'],
      ['We are Bright Labs, based in Berlin', 'Bright Labs'],
      ["I'm writing on behalf of Hope for Children Foundation", 'Hope for Children Foundation'],
      ['Felix Schäfer, Shopleiter bei Outdoorwelt Schäfer e.K.', 'Outdoorwelt Schäfer e.K.'],
      ['je suis gérant de la société Atlas Menuiserie SARL', 'Atlas Menuiserie SARL'],
      ['somos Andes Solar, queremos una web', 'Andes Solar'],
    ];
    for (const [text, want] of cases) assert.equal(company(text), want, text);
  });
  it('reads labelled companies in any case and separator', () => {
    assert.equal(company('company - bluewave digital'), 'bluewave digital');
    assert.equal(company('Organisation: Green Roots NGO\nEmail: a@b.org'), 'Green Roots NGO');
    assert.equal(company('Azienda: Greco Vini Società Agricola\nEmail: v@greco.it'), 'Greco Vini Società Agricola');
  });
  it('reads legal forms of many countries wherever they stand alone', () => {
    assert.equal(company('+43 699 1827 3645 – Leitner-Wolf Steuerberatung KG'), 'Leitner-Wolf Steuerberatung KG');
    assert.equal(
      company('Managing Director of Siam Green Energy Co., Ltd. somchai@x.co.th'),
      'Siam Green Energy Co., Ltd.',
    );
    assert.equal(
      company('Kind regards,\nTorbjørn Østby\nProcurement Manager\nHålogaland Kraft AS\n+47 77 64 10 22', {
        nameEnd: 28,
      }),
      'Hålogaland Kraft AS',
    );
  });
  it("reads the company after the visitor's name", () => {
    const text = 'Hello, Sophie Marchetti from Lumen Optique, sophie@lumen-optique.fr';
    assert.equal(company(text, { nameEnd: text.indexOf(' from') }), 'Lumen Optique');
    const pipe = 'Marco Bernasconi | Head of E-Commerce | Ticino Gourmet SA';
    assert.equal(company(pipe, { nameEnd: 'Marco Bernasconi'.length }), 'Ticino Gourmet SA');
  });
  it('takes a bare answer when the company was asked for, but not a refusal', () => {
    assert.equal(
      company('Castro & Associados, Sociedade de Advogados', { asked: true }),
      'Castro & Associados, Sociedade de Advogados',
    );
    assert.equal(company('eder tischlerei', { asked: true }), 'eder tischlerei');
    for (const text of ['no company, just me', 'hab kein Unternehmen, ist privat', "I'm a freelancer", 'not yet']) {
      assert.equal(company(text, { asked: true }), undefined, text);
    }
  });
  it('keeps traps empty: places, departments, products, the business itself', () => {
    for (const text of [
      "I'm from Dubai",
      "I'm with Northwind Digital",
      'Head of Global Marketing',
      'the app is going to be called Tilly',
      'we sell on Amazon',
      'I work at home',
    ]) {
      assert.equal(company(text), undefined, text);
    }
  });
});
