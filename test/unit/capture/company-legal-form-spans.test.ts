import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLegalFormSpans } from '../../../src/capture/company/legal-form-spans.js';
import type { Candidate } from '../../../src/capture/text.js';

function spans(text: string, nameEnds: number[] = []): string[] {
  const out: Candidate[] = [];
  findLegalFormSpans(text, nameEnds, out);
  return out.map((c) => c.value);
}

describe('legal-form spans', () => {
  it('reads the capitalised words before a legal form in any sentence', () => {
    assert.deepEqual(spans('hago las compras para Ferretería Olmos Hermanos S.A. desde marzo'), [
      'Ferretería Olmos Hermanos S.A.',
    ]);
    assert.deepEqual(spans('Ich bin Prokurist der Wendler Haustechnik GmbH und suche ...'), [
      'Wendler Haustechnik GmbH',
    ]);
    assert.deepEqual(spans('Sprzedaję dla Drewbud sp. z o.o. od lat'), ['Drewbud sp. z o.o.']);
    assert.deepEqual(spans('Orchid Lane Trading Co., Ltd. asks for a quote'), ['Orchid Lane Trading Co., Ltd.']);
  });
  it('keeps conjunctions and a capitalised article inside the name', () => {
    assert.deepEqual(spans('we buy from Moreno Pipes & Valves Ltd each month'), ['Moreno Pipes & Valves Ltd']);
    assert.deepEqual(spans('el camión se llama La Parrilla Rodante LLC'), ['La Parrilla Rodante LLC']);
    assert.deepEqual(spans('trabajo con Envases y Tapas del Norte, S.A.'), ['Envases y Tapas del Norte, S.A.']);
  });
  it('stops at the person before "de", "von der", "della"', () => {
    assert.deepEqual(spans('soy Lucía Prieto de Prieto Viajes S.L.'), ['Prieto Viajes S.L.']);
    const text = 'Hallo, hier Tobias Wenk von der Wenk Metallbau GmbH.';
    assert.deepEqual(spans(text, [text.indexOf(' von')]), ['Wenk Metallbau GmbH']);
  });
  it('reads a form glued to a case ending, and prefix forms forwards', () => {
    assert.deepEqual(spans('Kovács Pál vagyok a Duna Csempe Kft.-től'), ['Duna Csempe Kft.']);
    assert.deepEqual(spans('saya dari PT Sinar Bahari Nusantara, mau tanya'), ['PT Sinar Bahari Nusantara']);
  });
  it('reads no form that is also an everyday word or a name', () => {
    assert.deepEqual(spans('The Server IP is 10.0.0.1'), []);
    assert.deepEqual(spans('Tan Mei Hua'), []);
    assert.deepEqual(spans('Handel & Co Bookbinders in Leeds'), []);
    assert.deepEqual(spans('we are an llc in texas'), []);
  });
});
