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

/** Each family: what it reads, its table and the field it fills. */
const FAMILIES: Array<[string, keyof typeof cases, 'company' | 'name']> = [
  [
    'a signature names the organisation below role and department lines, a legal form line first',
    'signatureCompany',
    'company',
  ],
  [
    'an organisation spelt by the address ends at its legal form ("Lund Keramik ApS. Vi vil ...")',
    'closingLegalForm',
    'company',
  ],
  ['a rename or a correction replaces the company given before ("we rebranded, it\'s now X")', 'renamed', 'company'],
  [
    'a quoted name where the visitor speaks of their business ("family cafe \'Morning Crane\'")',
    'quotedNames',
    'company',
  ],
  [
    'a business word and a naming verb in many languages ("se llama", "legetai", "esmo", "namanya")',
    'namedBusinesses',
    'company',
  ],
  [
    'self-introductions in more languages; "I" of another language is not part of the name',
    'selfIntroductions',
    'name',
  ],
];

describe('capture round 7 recognizers', () => {
  for (const [title, table, field] of FAMILIES) it(title, () => checkTable(cases[table], field));
});
