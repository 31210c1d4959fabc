/**
 * The recall readings of capture round 9 (the "varied" register: other languages' word order and words for
 * "I am", "I work at", "our shop"); the case tables are in test/fixtures/capture-units/round9-recall.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails, type ExtractionContext } from '../../../src/capture/extract-details.js';
import type { ContactField } from '../../../src/llm/assistant.types.js';

interface Table {
  read: Array<[string, string]>;
  empty: string[];
  /** The field the table reads (the company unless it says). */
  field?: 'company' | 'name';
  /** The detail the assistant had just asked for. */
  asked?: ContactField;
  /** What the conversation gave before. */
  known?: Partial<Record<'name' | 'company' | 'email', string>>;
}
type Family =
  | 'titledBusiness'
  | 'knownNameBusiness'
  | 'weAre'
  | 'afterNameFrom'
  | 'businessLabels'
  | 'bareAnswers'
  | 'turkishEndings'
  | 'roles'
  | 'owning'
  | 'namingInSentence'
  | 'legalForms'
  | 'names';
const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round9-recall.json', import.meta.url), 'utf8'),
) as Record<Family, Table>;

/** Each `read` row gives that value of the table's field; each `empty` row gives none. */
function checkTable(table: Table): void {
  const ctx: ExtractionContext = { defaultCountry: undefined, asked: table.asked, known: table.known };
  const field = table.field ?? 'company';
  // As in the scorer, a company's closing dot does not matter.
  const comparable = (value: string | undefined) => value?.replace(/\.$/, '');
  for (const [text, want] of table.read)
    assert.equal(comparable(extractDetails(text, ctx)[field]), comparable(want), text);
  for (const text of table.empty) assert.equal(extractDetails(text, ctx)[field], undefined, text);
}

const FAMILIES: Array<[string, Family]> = [
  ['a title opening a business name ("Sri Balaji Textiles") is no person', 'titledBusiness'],
  ['a known one-word name whose business is named in full gives the company', 'knownNameBusiness'],
  ['"we are", "we at", "we (X)" in Dutch, Swedish, German, Italian', 'weAre'],
  ['after the name: more words for "from", a lower-case business word, a postposition', 'afterNameFrom'],
  ['a business word as a label, and "name of the business X" word order', 'businessLabels'],
  ['a bare company answer without the words around its name', 'bareAnswers'],
  ['a Turkish case ending after the name of an organisation', 'turkishEndings'],
  ['roles heading an organisation, said of oneself; a town after the name', 'roles'],
  ['owning and running in more languages; renames; "we call it X"', 'owning'],
  ['a naming verb after the visitor said they have a business', 'namingInSentence'],
  ["Austria's e.U. and Estonia's OÜ", 'legalForms'],
  ['self-introductions in more languages', 'names'],
];

describe('capture round 9 recall readings', () => {
  for (const [title, family] of FAMILIES) it(title, () => checkTable(cases[family]));
});
