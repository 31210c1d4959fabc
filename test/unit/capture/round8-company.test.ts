/** The company readings of capture round 8; the case tables are in test/fixtures/capture-units/round8-company.json. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails, type ExtractionContext } from '../../../src/capture/extract-details.js';
import type { ContactField } from '../../../src/llm/assistant.types.js';

interface Table {
  read: Array<[string, string]>;
  empty: string[];
  /** The detail the assistant had just asked for. */
  asked?: ContactField;
  /** What the conversation gave before. */
  known?: Partial<Record<'name' | 'company' | 'email', string>>;
}
type Family =
  | 'bareLines'
  | 'statedOrganisation'
  | 'businessOf'
  | 'businessWordsAndOwnership'
  | 'appositions'
  | 'appositionBare'
  | 'afterNameLowerCase'
  | 'noCompany'
  | 'startsTooEarly'
  | 'lineWithBusinessWord'
  | 'legalFormsAndQuotes';
const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round8-company.json', import.meta.url), 'utf8'),
) as Record<Family, Table>;

/** Each `read` row gives that company; each `empty` row gives none. */
function checkTable(table: Table): void {
  const ctx: ExtractionContext = { defaultCountry: undefined, asked: table.asked, known: table.known };
  // As in the scorer, a company's closing dot does not matter.
  const comparable = (value: string | undefined) => value?.replace(/\.$/, '');
  for (const [text, want] of table.read)
    assert.equal(comparable(extractDetails(text, ctx).company), comparable(want), text);
  for (const text of table.empty) assert.equal(extractDetails(text, ctx).company, undefined, text);
}

const FAMILIES: Array<[string, Family]> = [
  [
    'once the name is known, a bare line opening with an article, "Little" or a given name before business words',
    'bareLines',
  ],
  [
    'a message that is only an organisation with its legal form or spelt by the own domain states it',
    'statedOrganisation',
  ],
  ['a business named after a preposition and its kind ("de la panadería X", "von der Tischlerei X")', 'businessOf'],
  [
    'business words in more languages and forms, and more ways of owning or working at one',
    'businessWordsAndOwnership',
  ],
  ['"we are X, a <business>" in any case', 'appositions'],
  ['"X, a guesthouse in Lucca" as the answer is X', 'appositionBare'],
  [
    'after the name: a department before "at", a place after the name, a lower-case name echoing the family name',
    'afterNameLowerCase',
  ],
  ['"no company" in more languages', 'noCompany'],
  [
    'a department, a role abbreviation or a sentence-opening word before a legal-form name is not part of it',
    'startsTooEarly',
  ],
  ['a line read as a name that holds a business word is the company', 'lineWithBusinessWord'],
  [
    "legal forms of more countries (OG, BVBA, s.c., Teo.); Swahili 'is called'; a quoted name after any word for a business",
    'legalFormsAndQuotes',
  ],
];

describe('capture round 8 company readings', () => {
  for (const [title, family] of FAMILIES) it(title, () => checkTable(cases[family]));
});
