/**
 * A business named in apposition after a word for its kind written in lower case, in any language: "tengo
 * una pequeña librería en Rosario, Letras del Río", "we run a takeaway, Golden Wok", "dama am garage bu ndaw
 * ci Thiès, Garage Ndiaye & Frères". The kind is a word of the typed business-word list or of OpenStreetMap's
 * presets (`lexicons/business-kinds.ts`), a few words about it may follow (what of, where, how small), then a
 * comma, a dash, a colon or a bracket and a capitalised name. Weak, and read only when no other reader found a
 * company in the message (the caller sees to it): it fills an empty field and never replaces one.
 */
import { isBusinessKind } from '../lexicons/business-kinds.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { SENTENCE_WORDS } from '../lexicons/words.js';
import { wordsOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';
import type { SpanWord } from './business-kind-spans.js';

// At most this many words between the kind and the separator ("agencia de viajes chiquita,").
const WORDS_ABOUT = 6;
// What stands between the kind's words and the name: a comma, a bracket, a colon or a dash (a quote may open).
const SEPARATOR = /^\s*(?:,|\(|:|\s[-–—]|[–—])\s*(?:(?:a|o|la|el|le|the)\s+)?['"“‘«]?\s*$/u;
const IN_QUESTION = /^[^.!?\n]*\?/u;

/** The message holds a word for a kind of business in lower case: only then is this reading worth trying. */
export function mentionsLowerKind(masked: string): boolean {
  for (const w of wordsOf(masked)) if (isKindWord(w)) return true;
  return false;
}

function isKindWord(lower: string): boolean {
  return lower.length > 2 && (isBusinessKind(lower) || isBusinessWord(lower));
}

/** Pushes the first name in apposition after a lower-case kind of business (see the file's comment). */
export function findKindAppositions(
  masked: string,
  words: readonly SpanWord[],
  nameEnds: readonly number[],
  out: Candidate[],
): void {
  for (let i = 0; i < words.length; i++) {
    const kind = words[i];
    if (!kind || kind.text !== kind.text.toLowerCase() || !isKindWord(kind.text)) continue;
    for (let j = i; j < words.length && j <= i + WORDS_ABOUT; j++) {
      const w = words[j];
      const next = words[j + 1];
      if (!w || !next || next.opensSentence || (j > i && SENTENCE_WORDS.has(w.text.toLowerCase()))) break;
      if (!w.endsClause && !next.opensClause) continue;
      if (!SEPARATOR.test(masked.slice(w.end, next.start))) break;
      const company = readCompany(masked.slice(next.start, next.start + LOOKAHEAD), 'strict');
      if (company && !masked.startsWith(company, next.start)) break;
      if (!company || !plausible(company)) break;
      const before = masked.slice(0, kind.start).split(/[.!?\n]/u).pop() ?? '';
      const end = next.start + company.length;
      if (SOMEONE_ELSES.test(before) || IN_QUESTION.test(masked.slice(end))) break;
      if (nameEnds.some((e) => e > next.start && e <= end)) break;
      out.push({ value: company, start: next.start, end, weak: true });
      return;
    }
  }
}

/**
 * A name of two words or more (one word after a comma is as often a town, "bar, Almatyda", or a person), not a
 * person's name ("a bakery, Maria Lopez does the cakes") nor a place ("a shop in the north, Leeds City").
 */
function plausible(company: string): boolean {
  const parts = company.split(/\s+/);
  const lower = parts.map((p) => p.toLowerCase());
  if (parts.length < 2 || isPlace(company)) return false;
  return !(isGivenName(lower[0] ?? '') && lower.every((p) => isPersonNameWord(p) || p.length <= 3));
}
