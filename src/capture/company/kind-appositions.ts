/**
 * A business named in apposition after a word for its kind written in lower case, in any language: "tengo
 * una pequeña librería en Rosario, Letras del Río", "chambeo en una agencia de viajes chiquita, Viajes Xóchitl",
 * "dama am garage bu ndaw ci Thiès, Garage Ndiaye & Frères". The kind is a word of the typed business-word list or
 * of OpenStreetMap's presets (`lexicons/business-kinds.ts`), a few words about it may follow (what of, where, how
 * small), then a comma, a dash, a colon or a bracket and a capitalised name; or the name follows the kind and at
 * most two lower-case words about it directly ("taller de costura Confecciones Yamy"). Weak, and read only when no
 * other reader found a company in the message (the caller sees to it): it fills an empty field and never replaces
 * one. */
import { isBusinessKind } from '../lexicons/business-kinds.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { SENTENCE_WORDS } from '../lexicons/words.js';
import { isCapitalised, wordsOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';
import type { SpanWord } from './business-kind-spans.js';

// At most this many words between the kind and the separator ("agencia de viajes chiquita,").
const WORDS_ABOUT = 6;
// What stands between the kind's words and the name: a comma, a bracket, a colon or a dash (a quote may open).
const SEPARATOR = /^\s*(?:,|\(|:|\s[-–—]|[–—])\s*(?:(?:a|o|la|el|le|the)\s+)?['"“‘«]?\s*$/u;
const IN_QUESTION = /^[^.!?\n]*\?/u;

/**
 * The message holds a word for a kind of business in lower case with a capitalised word within the next seven
 * words of its sentence: only then is this reading worth trying (a quick look before the message's words are
 * read one by one).
 */
export function mentionsLowerKind(masked: string): boolean {
  // Asked again for the same message: answered once.
  if (masked !== lastText) {
    lastText = masked;
    lastAnswer = false;
    for (const w of wordsOf(masked))
      if (isKindWord(w) && capitalAhead(masked, w)) {
        lastAnswer = true;
        break;
      }
  }
  return lastAnswer;
}

let lastText: string | undefined;
let lastAnswer = false;

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
// How far after the kind a capitalised word may stand (seven words of a clause).
const AHEAD = 90;

/** The word `lower` stands in the text as a whole word, with a capital letter after it in its sentence. */
function capitalAhead(masked: string, lower: string): boolean {
  for (let at = masked.indexOf(lower); at >= 0; at = masked.indexOf(lower, at + 1)) {
    const end = at + lower.length;
    if (LETTER.test(masked.charAt(at - 1)) || LETTER.test(masked.charAt(end))) continue;
    for (let i = end; i < masked.length && i < end + AHEAD; i++) {
      const c = masked.charAt(i);
      if (c === '.' || c === '!' || c === '?' || c === '\n') break;
      if (c !== c.toLowerCase() && UPPER.test(c)) return true;
    }
  }
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
      const separated = w.endsClause || next.opensClause;
      // "taller de costura Confecciones Yamy", "biuro rachunkowe Kamińska & Wspólnicy": the name right after the
      // kind (and at most two words of it in lower case), not after a word saying where ("in San Juan").
      const direct = !separated && isCapitalised(next.text) && j - i <= 2 && describes(words, i, j);
      if (!separated && !direct) continue;
      if (separated && !SEPARATOR.test(masked.slice(w.end, next.start))) break;
      const found = readAfter(masked, kind, next, nameEnds, direct);
      if (found) {
        out.push(found);
        return;
      }
      if (separated) break;
    }
  }
}

// Words that say where the business is or whose it is ("in San Juan", "by Lake Tana", "like Abarrotes Don
// Chuy", "name Sri Murugan Tex"): the capitalised words after them are no name the kind heads.
const NOT_ABOUT = new Set(
  `in en em à a at aus im am ci di sa no na nas nos w we v ve u za bei near by from around out of i på til till
  ved dans sur para pour for op uit van von fi inna ở tại como like comme wie zoals such name naam nama nombre nome
  nom namn navn`.split(/\s+/),
);

/** The words after the kind up to j are a few lower-case words about it ("de costura", "rachunkowe"). */
function describes(words: readonly SpanWord[], i: number, j: number): boolean {
  for (let k = i + 1; k <= j; k++) {
    const text = words[k]?.text ?? '';
    if (text !== text.toLowerCase() || NOT_ABOUT.has(text)) return false;
  }
  return true;
}

/** The name read at `next`, when it is plausibly the business's (see `plausible`) and the visitor's own. */
function readAfter(
  masked: string,
  kind: SpanWord,
  next: SpanWord,
  nameEnds: readonly number[],
  direct: boolean,
): Candidate | undefined {
  const company = readCompany(masked.slice(next.start, next.start + LOOKAHEAD), 'strict');
  if (!company || !masked.startsWith(company, next.start) || !plausible(company)) return undefined;
  // Right after the kind, a given name or a place first is as often a person or where ("my partner Greg
  // Holloway", "a hotel Lake Tana side").
  const first = company.split(' ')[0] ?? '';
  if (
    direct &&
    (isGivenName(first.toLowerCase()) || isPlace(first) || isPlace(company.split(' ').slice(0, 2).join(' ')))
  )
    return undefined;
  const before =
    masked
      .slice(0, next.start)
      .split(/[.!?\n]/u)
      .pop() ?? '';
  const end = next.start + company.length;
  if (SOMEONE_ELSES.test(before) || IN_QUESTION.test(masked.slice(end))) return undefined;
  if (nameEnds.some((e) => e > next.start && e <= end)) return undefined;
  // ", autoservis Svoboda & syn,": a kind opening its clause right before the name is written as part of it.
  if (direct && kind.opensClause && kind.end + 1 === next.start && !kind.opensSentence)
    return { value: masked.slice(kind.start, end), start: kind.start, end, weak: true };
  return { value: company, start: next.start, end, weak: true };
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
