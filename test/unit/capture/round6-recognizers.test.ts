/** The recognizer families of capture round 6; the case tables are in test/fixtures/capture-units/. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails } from '../../../src/capture/extract-details.js';
import { isPlace } from '../../../src/capture/lexicons/places.js';

interface Table {
  read: Array<[string, string]>;
  empty: string[];
}
const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round6-recognizers.json', import.meta.url), 'utf8'),
) as { jobFor: Table; dashSignature: Table; places: { places: string[]; notPlaces: string[] } };

const read = (text: string) => extractDetails(text, { defaultCountry: undefined });

/** Each `read` row gives its value for `field`; each `empty` row gives none. */
function checkTable(table: Table, field: 'company' | 'name'): void {
  for (const [text, want] of table.read) assert.equal(read(text)[field], want, text);
  for (const text of table.empty) assert.equal(read(text)[field], undefined, text);
}

describe('capture round 6 recognizers', () => {
  it('a job done for an organisation names it ("I handle marketing for X"); an agency\'s "we ... for" does not', () => {
    checkTable(cases.jobFor, 'company');
  });
  it('a dash signature may end with contact details ("— Zanele Mthembu, zanele@..., +27 ...")', () => {
    checkTable(cases.dashSignature, 'name');
  });
  it('places are known with or without their accents ("Bogotá" as "bogota")', () => {
    for (const place of cases.places.places) assert.ok(isPlace(place), place);
    for (const other of cases.places.notPlaces) assert.ok(!isPlace(other), other);
  });
});
