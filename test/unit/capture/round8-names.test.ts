/** The name readings of capture round 8; the case tables are in test/fixtures/capture-units/round8-names.json. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractDetails } from '../../../src/capture/extract-details.js';
import type { ContactField } from '../../../src/llm/assistant.types.js';

interface Case {
  text: string;
  /** The name the conversation gave before. */
  known?: string;
  /** What the assistant just asked for. */
  asked?: ContactField;
  /** The name this message gives (after the one known), or null for none. */
  want: string | null;
  /** The company this message gives, where the case is about it too. */
  company?: string;
}
interface Family {
  note: string;
  cases: Case[];
}
const families = JSON.parse(
  readFileSync(new URL('../../fixtures/capture-units/round8-names.json', import.meta.url), 'utf8'),
) as Record<string, Family>;

describe('capture round 8 names', () => {
  for (const [family, { note, cases }] of Object.entries(families))
    it(`${family}: ${note}`, () => {
      for (const c of cases) {
        const got = extractDetails(c.text, {
          defaultCountry: undefined,
          asked: c.asked,
          known: c.known ? { name: c.known } : undefined,
        });
        assert.equal(got.name ?? null, c.want, c.text);
        if (c.company !== undefined) assert.equal(got.company, c.company, c.text);
      }
    });
});
