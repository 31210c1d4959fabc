/**
 * Capture unit tests written as families in a JSON fixture (test/fixtures/capture-units/<name>.json): each family
 * says what it checks (`title`), the texts that give a value (`read`) and those that give none (`empty`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails } from '../../src/capture/extract-details.js';
import type { ContactField } from '../../src/llm/assistant.types.js';

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

// As in the scorer, a company's closing dot does not matter.
const withoutDot = (value: string | undefined) => value?.replace(/\.$/, '');

/** One test per family of the fixture `name`, under `title`. */
export function describeCaptureFamilies(title: string, name: string): void {
  const families = Object.values(
    JSON.parse(readFileSync(new URL(`../fixtures/capture-units/${name}.json`, import.meta.url), 'utf8')) as Record<
      string,
      Family
    >,
  );
  describe(title, () => {
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
}

/** A whole message, the business's default country, the detail just asked for, and the details it gives. */
export type WholeMessageCase = [string, string | null, ContactField | null, Record<string, string>];

/** Each whole message gives exactly the details expected (custom fields aside). */
export function assertWholeMessages(cases: WholeMessageCase[]): void {
  for (const [text, country, asked, expected] of cases) {
    const { fields: _fields, ...details } = extractDetails(text, {
      defaultCountry: country ?? undefined,
      asked: asked ?? undefined,
    });
    assert.deepEqual(details, expected, text);
  }
}
