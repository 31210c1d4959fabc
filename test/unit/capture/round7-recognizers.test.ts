/** The recognizer families of capture round 7; the case tables are in test/fixtures/capture-units/. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails, type ExtractionContext } from '../../../src/capture/extract-details.js';

interface Table {
  read: Array<[string, string]>;
  empty: string[];
  /** A company the conversation gave before. */
  known?: string;
}
const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round7-recognizers.json', import.meta.url), 'utf8'),
) as Record<
  'signatureCompany' | 'closingLegalForm' | 'renamed' | 'quotedNames' | 'namedBusinesses' | 'selfIntroductions',
  Table
>;

/** Each `read` row gives its value for `field`; each `empty` row gives none. */
function checkTable(table: Table, field: 'company' | 'name'): void {
  const ctx: ExtractionContext = {
    defaultCountry: undefined,
    ...(table.known ? { known: { name: 'Robin Quill', company: table.known } } : {}),
  };
  // As in the scorer, a company's closing dot does not matter ("Lund Keramik ApS." = "Lund Keramik ApS").
  const comparable = (value: string | undefined) => (field === 'company' ? value?.replace(/\.$/, '') : value);
  for (const [text, want] of table.read)
    assert.equal(comparable(extractDetails(text, ctx)[field]), comparable(want), text);
  for (const text of table.empty) assert.equal(extractDetails(text, ctx)[field], undefined, text);
}

describe('capture round 7 recognizers', () => {
  it('a signature names the organisation below role and department lines, a legal form line first', () => {
    checkTable(cases.signatureCompany, 'company');
  });
  it('an organisation spelt by the address ends at its legal form ("Lund Keramik ApS. Vi vil ...")', () => {
    checkTable(cases.closingLegalForm, 'company');
  });
  it('a rename or a correction replaces the company given before ("we rebranded, it\'s now X")', () => {
    checkTable(cases.renamed, 'company');
  });
  it('a quoted name where the visitor speaks of their business ("family cafe \'Morning Crane\'")', () => {
    checkTable(cases.quotedNames, 'company');
  });
  it('a business word and a naming verb in many languages ("se llama", "legetai", "esmo", "namanya")', () => {
    checkTable(cases.namedBusinesses, 'company');
  });
  it('self-introductions in more languages; "I" of another language is not part of the name', () => {
    checkTable(cases.selfIntroductions, 'name');
  });
});
