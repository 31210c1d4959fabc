/**
 * The recall readings of capture round 9 (the "varied" register: other languages' word order and words for
 * "I am", "I work at", "our shop"). Each family of test/fixtures/capture-units/round10-lex.json says what
 * it checks (`title`), the texts that give a value (`read`) and those that give none (`empty`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails } from '../../../src/capture/extract-details.js';
import type { ContactField } from '../../../src/llm/assistant.types.js';

interface Family {
  title: string;
  read: Array<[string, string]>;
  empty: string[];
  /** The field the family reads (the company unless it says). */
  field?: 'company' | 'name';
  /** The detail the assistant had just asked for, and what the conversation gave before. */
  asked?: ContactField;
  known?: Partial<Record<'name' | 'company' | 'email', string>>;
}

const families = Object.values(
  JSON.parse(readFileSync(new URL('../../fixtures/capture-units/round10-lex.json', import.meta.url), 'utf8')) as Record<
    string,
    Family
  >,
);

// As in the scorer, a company's closing dot does not matter.
const withoutDot = (value: string | undefined) => value?.replace(/\.$/, '');

describe('capture round 10: names a word for a kind of business heads or ends', () => {
  for (const family of families)
    it(family.title, () => {
      const read = (text: string) =>
        extractDetails(text, { defaultCountry: undefined, asked: family.asked, known: family.known })[
          family.field ?? 'company'
        ];
      for (const [text, want] of family.read) assert.equal(withoutDot(read(text)), withoutDot(want), text);
      for (const text of family.empty) assert.equal(read(text), undefined, text);
    });
});
