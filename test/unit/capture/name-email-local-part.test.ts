import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNameInLocalPart, localPartOf } from '../../../src/capture/name/email-local-part.js';
import type { Candidate } from '../../../src/capture/text.js';

function spelt(text: string, email: string): string[] {
  const out: Candidate[] = [];
  findNameInLocalPart(
    text,
    [localPartOf(email)],
    { askedForName: false, knownName: undefined, excluded: new Set() },
    out,
  );
  return out.map((c) => c.value);
}

describe('name spelt by the address', () => {
  it('splits and folds the local part', () => {
    assert.deepEqual(localPartOf('Zoë.Van-Acker88@x.be'), { whole: 'zoevanacker', pieces: ['zoe', 'van', 'acker'] });
  });
  it('reads the words the local part spells, in any case', () => {
    assert.deepEqual(spelt('hola, ingrid solberg aqui, necesito una web', 'ingrid.solberg@fjordbyte.no'), [
      'Ingrid Solberg',
    ]);
    assert.deepEqual(spelt('Kwabena Asante / Sales Lead / Gold Coast Freight', 'k.asante@gcf.com.gh'), [
      'Kwabena Asante',
    ]);
    assert.deepEqual(spelt('Marie-Claire Dubois, directrice', 'mc.dubois@atelier.fr'), ['Marie-Claire Dubois']);
  });
  it('reads on past what the address spells', () => {
    assert.deepEqual(spelt('Soy Ana Pereira Gómez, de Quito', 'ana.pereira@x.com'), ['Ana Pereira Gómez']);
  });
  it('needs two words, one spelt whole', () => {
    assert.deepEqual(spelt('Tariq here', 'tariq@x.com'), []);
    assert.deepEqual(spelt('we bake fresh bread', 'fresh.bread@x.com'), []);
    assert.deepEqual(spelt('Omar mn Cairo', 'o.mn@x.com'), []);
  });
});
