/**
 * A capitalised name that a word for a kind of business heads or ends, in any language: "Panadería La
 * Espiga", "Autohaus Becker", "Molnár Pékség", "Tasca do Zé", "Taverna Thalassa" (a lower-case kind after a
 * capitalised name, "Pixelhaus studio", is not read: "Kyiv office" reads the same). The words come from OpenStreetMap's presets
 * (`lexicons/business-kinds.ts`), so the reading needs no lead-in of the visitor's language. Read only when no
 * other reader found a company in the message, and weak: it fills an empty field and never replaces one.
 */
import { isBusinessKind, mentionsCapitalisedKind } from '../lexicons/business-kinds.js';
import { isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { endsWithLegalForm, isLegalForm } from '../lexicons/legal-forms.js';
import { GREETING_PATTERN, SENTENCE_WORDS } from '../lexicons/words.js';
import { isCapitalised, matchesOf, wordsOf, type Candidate } from '../text.js';
import { CONNECTORS, validCompany } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';
import { findKindAppositions, mentionsLowerKind } from './kind-appositions.js';

export interface SpanWord {
  text: string;
  start: number;
  end: number;
  /** Punctuation, a line break or a dash before it: a clause opens here. */
  opensClause: boolean;
  /** The end of a sentence (or the message) before it: a capital here says nothing. */
  opensSentence: boolean;
  /** Punctuation after it: the clause ends here. */
  endsClause: boolean;
}

const TOKEN = /[^\s]+/g;
const LEADING = /^[("“«‘'[¿¡]+/u;
const TRAILING = /[)"”»’'\],;:!?.…]+$/u;
const GREETING = new RegExp(`^${GREETING_PATTERN}$`, 'iu');
// Connectors that may stand inside a name here: articles and "of" words, "&" ("Salong Klipp & Krøll").
// "i" is "and" in Polish and Catalan ("Szymańska i Wspólnicy").
// English "and" joins two names more often than it stands inside one ("for Cedar Bank and Mzaher Hotels").
const INSIDE = new Set([...[...CONNECTORS].filter((w) => w !== 'for' && w !== 'the' && w !== 'and'), 'i']);
const LONGEST = 7;
const AND = new Set(['&', 'and', 'und', 'y', 'e', 'et', 'i', 'og', 'och', 'és', 've']);
const ARTICLE = /^(?:A|O|As|Os|Un|Una|Uno|Une|Ein|Eine|Een|An)$/u;

/** Pushes the first name a business kind heads or ends (see the file's comment). */
export function findBusinessKindSpans(masked: string, nameEnds: readonly number[], out: Candidate[]): void {
  // Else a name in apposition after a kind in lower case ("una librería en Rosario, Letras del Río").
  if (!mentionsCapitalisedKind(wordsOf(masked), masked)) {
    if (mentionsLowerKind(masked) && !shouting(masked)) findKindAppositions(masked, wordsIn(masked), nameEnds, out);
    return;
  }
  if (shouting(masked)) return;
  const words = wordsIn(masked);
  let found: Omit<Candidate, 'weak'> | undefined;
  for (let i = 0; i < words.length; i++) {
    if (!nameLike(words[i])) continue;
    let j = i;
    while (j + 1 < words.length && !words[j]?.endsClause && !words[j + 1]?.opensClause && nameLike(words[j + 1])) j++;
    const span = readSpan(words, i, j);
    i = j;
    if (!span || nameEnds.some((e) => e > span.start && e <= span.end)) continue;
    // "we do social media for my client X", "we use X": someone else's business; so is one asked about
    // ("integrada com o Mercado Livre?"), and "the X project" (a name before a noun says which project).
    const before = masked.slice(0, span.start);
    const after = masked.slice(span.end);
    if (SOMEONE_ELSES.test(before) || IN_QUESTION.test(after) || (THE.test(before) && LOWER_NEXT.test(after))) continue;
    // ", C.A.", ", PSC": an abbreviation after a comma that is no legal form known here: where the name ends is not clear.
    if (UNKNOWN_ABBREVIATION.test(after) && withLegalForm(masked, span) === span) continue;
    // Two different names: which one is the visitor's is not said ("I used to be at X, now at Y").
    if (found && found.value !== span.value) return;
    found = withLegalForm(masked, span);
  }
  if (found) out.push({ ...found, weak: true });
  else if (mentionsLowerKind(masked)) findKindAppositions(masked, words, nameEnds, out);
}

const IN_QUESTION = /^[^.!?\n]*\?/u;
const THE = /(?:^|\s)the\s+$/iu;
const LOWER_NEXT = /^\s+\p{Ll}/u;
const UNKNOWN_ABBREVIATION = /^,\s*\p{Lu}[\p{Lu}.]{1,6}(?![\p{L}])/u;

// ", S.A.", ", Unipessoal Lda" after the name: its legal form.
const LEGAL_AFTER_COMMA = /^,\s*((?:[\p{L}.&]+\s+){0,2}[\p{L}.&]+)/u;

function withLegalForm(masked: string, span: Omit<Candidate, 'weak'>): Omit<Candidate, 'weak'> {
  const form = LEGAL_AFTER_COMMA.exec(masked.slice(span.end, span.end + 30));
  if (!form?.[1]) return span;
  const words = form[1].split(/\s+/);
  // The longest run of the words that ends in a legal form.
  for (let n = words.length; n > 0; n--) {
    const tail = words.slice(0, n).join(' ').replace(/[,]+$/, '');
    if (
      words.slice(0, n).every((w) => isCapitalised(w)) &&
      endsWithLegalForm(`${span.value} ${tail}`) &&
      isLegalForm(words[n - 1]?.replace(/,$/, '') ?? '')
    ) {
      const end = span.end + form[0].indexOf(tail) + tail.length;
      return { value: masked.slice(span.start, end), start: span.start, end };
    }
  }
  return span;
}

function nameLike(w: SpanWord | undefined): boolean {
  if (!w) return false;
  return isCapitalised(w.text) || INSIDE.has(w.text.toLowerCase());
}

/** The name in the run of words i..j, when a business kind heads or ends it. */
function readSpan(words: readonly SpanWord[], i: number, j: number): Omit<Candidate, 'weak'> | undefined {
  let first = i;
  let last = j;
  // Greetings and sentence words open no name; nor does a connector, unless it is a capitalised article
  // ("Les Saveurs du Sine", "La Ola").
  while (
    first <= last &&
    ((INSIDE.has(lower(words[first])) && !isCapitalised(words[first]?.text ?? '')) || isSentenceWord(words[first]))
  )
    first++;
  while (last >= first && INSIDE.has(lower(words[last]))) last--;
  const opening = words[first];
  const tail = words[last];
  if (!opening || !tail || last - first + 1 > LONGEST) return undefined;
  // "A Tasca do Manel precisa...": an article opening the sentence before the kind is no part of the name.
  const second = words[first + 1];
  if (!isKind(opening) && !isKind(tail) && second && ARTICLE.test(opening.text) && isKind(second)) first++;
  const head = words[first];
  if (!head || last - first + 1 < 2 || (!isKind(head) && !isKind(tail))) return undefined;
  const inside = words.slice(first, last + 1);
  if (inside.some((w) => !INSIDE.has(lower(w)) && isSentenceWord(w))) return undefined;
  // "for Cedar Bank and Mzaher Hotels": one of a list of names.
  const before = words[first - 2];
  if (
    (!before?.endsClause && listed(words[first - 1], before)) ||
    (!tail.endsClause && listed(words[last + 1], words[last + 2]))
  )
    return undefined;
  // "Bäckerei Sonnenschein und Apotheke Lindenhof": two names joined, neither said to be the visitor's.
  if (inside.some((w, k) => k > 1 && AND.has(lower(w)) && isKind(inside[k + 1]) && !isKind(inside[k - 1])))
    return undefined;
  // Beside the kind, a word of its own: not only kinds and connectors ("Hotel Restaurant"); and not only a
  // place before the kind ("Dubai Mall", "Kyiv Office" say where; "Notaría Linares" is named after a family).
  const own = inside.filter((w) => !isBusinessKind(w.text) && !INSIDE.has(lower(w)));
  if (own.every((w) => GREETING.test(w.text) || (!isKind(head) && isPlace(w.text)))) return undefined;
  // A line of only a kind and a family name ("Bäckerei Hofmann") may be a person's name as well: the bare
  // answer decides it (bare-answers.ts), not this reading.
  if (inside.length === 2 && head.opensClause && tail.endsClause && isPersonNameWord(lower(tail)) && isKind(head))
    return undefined;
  const value = inside.map((w) => w.text).join(' ');
  return validCompany(value) ? { value, start: head.start, end: tail.end } : undefined;
}

/** A kind of business that is no person's name word or place ("Chen", "Chile" are kinds in some language). */
function isKind(w: SpanWord | undefined): boolean {
  return w !== undefined && isBusinessKind(w.text) && !isPersonNameWord(lower(w)) && !isPlace(w.text);
}

function listed(and: SpanWord | undefined, other: SpanWord | undefined): boolean {
  return and !== undefined && other !== undefined && AND.has(lower(and)) && isCapitalised(other.text);
}

function lower(w: SpanWord | undefined): string {
  return w ? w.text.toLowerCase() : '';
}

function isSentenceWord(w: SpanWord | undefined): boolean {
  return w !== undefined && (SENTENCE_WORDS.has(w.text.toLowerCase()) || GREETING.test(w.text));
}

/** More capitals than small letters: every word is capitalised, so none says it is a name. */
function shouting(masked: string): boolean {
  return (masked.match(/\p{Lu}/gu)?.length ?? 0) > (masked.match(/\p{Ll}/gu)?.length ?? 0);
}

/** The message's words without the punctuation around them, and where clauses and sentences open. */
function wordsIn(masked: string): SpanWord[] {
  const words: SpanWord[] = [];
  let opensClause = true;
  let opensSentence = true;
  for (const m of matchesOf(masked, TOKEN)) {
    let text = m[0];
    let start = m.index;
    const lead = LEADING.exec(text)?.[0] ?? '';
    text = text.slice(lead.length);
    start += lead.length;
    const trail = TRAILING.exec(text)?.[0] ?? '';
    text = text.slice(0, text.length - trail.length);
    const before = masked.slice(Math.max(0, m.index - 2), m.index);
    if (lead || before.includes('\n')) opensClause = true;
    if (before.includes('\n')) opensSentence = true;
    if (!/[\p{L}\p{N}&]/u.test(text)) {
      // A dash or a bar alone: the clause ends.
      const previous = words[words.length - 1];
      if (previous) previous.endsClause = true;
      opensClause = true;
      continue;
    }
    const endsClause = trail !== '' && !/^['’]$/.test(trail);
    words.push({ text, start, end: start + text.length, opensClause, opensSentence, endsClause });
    opensClause = endsClause;
    opensSentence = /[.!?…]/.test(trail) && !/^\p{L}\.$/u.test(m[0]);
  }
  if (words.length > 0) {
    const lastWord = words[words.length - 1];
    if (lastWord) lastWord.endsClause = true;
  }
  return words;
}

// A capitalised kind right after a reading, in the same clause ("Saaremaa Spa" + "Hotell", "Mai Spa" + "& Beauty").
const KIND_AFTER = /^([ \t]+(?:&[ \t]+)?)(\p{Lu}[\p{L}'’-]+)(?=$|[\s,.;:!?)])/u;

/** Extends readings that stop right before a capitalised word for a kind of business: that word ends the name. */
export function extendOverKinds(masked: string, out: Candidate[]): void {
  for (const c of out) {
    if (masked.slice(c.start, c.end) !== c.value) continue;
    const m = KIND_AFTER.exec(masked.slice(c.end, c.end + 40));
    if (!m?.[1] || !m[2] || !isKind(wordOf(m[2]))) continue;
    c.end += m[1].length + m[2].length;
    c.value = masked.slice(c.start, c.end);
  }
}

function wordOf(text: string): SpanWord {
  return { text, start: 0, end: text.length, opensClause: false, opensSentence: false, endsClause: false };
}
