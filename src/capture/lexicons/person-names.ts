/**
 * Words of person names across cultures (given and family names from faker's locales, built by
 * `npm run lexicons`). They let the extractor accept a name typed in lower case ("im maria") or given
 * without a lead-in where a stranger word would be too risky ("Thanks, Siobhan").
 */
import { readFileSync } from 'node:fs';

interface PersonNames {
  given: string[];
  family: string[];
}

const data = JSON.parse(readFileSync(new URL('./person-names.json', import.meta.url), 'utf8')) as PersonNames;
const GIVEN = new Set(data.given);
const FAMILY = new Set(data.family);

/** True when the lower-cased word is a known given name. */
export function isGivenName(lower: string): boolean {
  // "jean-marc", "marc-andré": a compound of given names.
  return GIVEN.has(lower) || (lower.includes('-') && lower.split('-').every((part) => GIVEN.has(part)));
}

/** True when the lower-cased word is a known given or family name. */
export function isPersonNameWord(lower: string): boolean {
  return GIVEN.has(lower) || FAMILY.has(lower);
}
