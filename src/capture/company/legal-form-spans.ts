/**
 * An organisation-shaped span ending in a legal form, wherever it stands in a sentence: "trabajo en
 * marketing para Naviera Istmo S.A.", "CTO in SoftBridge sp. z o.o.", "Inhaber der Keller Elektro GmbH",
 * "Bi Tuul River Logistics LLC-d ...". The legal form says it is a company; the capitalised words right
 * before it (read backwards until a lower-case word, a role, punctuation or the end of a sentence) are its
 * name. The readers that need a lead-in or a separated segment miss these, since the words before the
 * name can be anything in any language.
 */
import { isDepartment, isRoleWord } from '../lexicons/job-titles.js';
import { isLegalForm, isLegalFormPrefix } from '../lexicons/legal-forms.js';
import { isPersonNameWord } from '../lexicons/person-names.js';
import { NOT_NAME_WORDS } from '../lexicons/words.js';
import { isCapitalised, type Candidate } from '../text.js';
import { AND_BEFORE_PARTNERS, CONNECTORS, joinsPartners, PARTNERS, validCompany } from './read-company.js';
import { endsSentence, joined, wordsIn, type Word } from './words-in.js';

// A case ending glued to a legal form: "Kft.-től", "LLC-d", "Şti.'den".
const GLUED_ENDING = /^(.+?)[-'’]\p{Ll}{1,5}$/u;
const MOST_WORDS = 8;
// Prepositions that join a person to the organisation ("Ana Ruiz de Textiles Ruiz SRL", "von der"), not
// conjunctions inside a name ("Cash & Carry", "Lácteos y Derivados").
const ORIGIN = new Set([
  'de',
  'di',
  'da',
  'do',
  'du',
  'des',
  'del',
  'della',
  'von',
  'van',
  'der',
  'den',
  'la',
  'le',
  'of',
  'for',
]);
// Forms that are as often something else in capitals ("Server IP", "ME", "PC"): not read without dots.
const UNSURE_FORMS = new Set(['ip', 'me', 'mei', 'pc', 'lp', 'ee', 'oe', 'se', 'ek', 'as']);

const isFormWord = (word: string): boolean => legalFormOf(word) !== undefined;

/** The legal form a word is, a glued case ending dropped ("Kft.-től" -> "Kft."); undefined when none. */
export function legalFormOf(word: string): string | undefined {
  if (isFormAsWritten(word)) return word;
  // Most words hold no mark a case ending is glued with: no second look.
  if (!GLUE_MARK.test(word)) return undefined;
  const glued = GLUED_ENDING.exec(word)?.[1];
  return glued && isFormAsWritten(glued) ? glued : undefined;
}

const GLUE_MARK = /[-'’]/;
const INNER_DOT = /\p{L}\.\p{L}/u;

function isFormAsWritten(w: string): boolean {
  // Dotted forms are no everyday word even in lower case ("a.s.", "s.a.", "e.k.").
  if (!isLegalForm(w) && !(INNER_DOT.test(w) && isLegalForm(w.toUpperCase()))) return false;
  const lower = w.toLowerCase();
  if (UNSURE_FORMS.has(lower)) return false;
  // "Chong Mei Ling": a form that is also a person's name word counts only in capitals or with dots.
  return !(isPersonNameWord(lower) && w !== w.toUpperCase());
}

/** The connectors before word `at` ("de la", "von der") follow a person's name. */
function afterPerson(masked: string, words: readonly Word[], at: number, nameEnds: number[]): boolean {
  let i = at - 1;
  while (i >= 0 && ORIGIN.has((words[i] as Word).text.toLowerCase())) i--;
  const person = words[i];
  if (!person || !joined(masked, person, words[i + 1] as Word)) return false;
  return nameEnds.includes(person.end) || isPersonNameWord(person.text.toLowerCase());
}

/** Backwards from the legal form at `at`: the first word of the organisation's name, or -1. */
function nameStart(masked: string, words: readonly Word[], at: number, nameEnds: number[]): number {
  let first = at;
  for (let i = at - 1; i >= 0 && at - i <= MOST_WORDS; i--) {
    const word = words[i] as Word;
    const next = words[i + 1] as Word;
    // "Mudanzas Batista Express, S.A.": a comma may stand before the form.
    const gapOk = joined(masked, word, next) || (i === at - 1 && /^,[ \t]+$/.test(masked.slice(word.end, next.start)));
    if (!gapOk || endsSentence(word.text, isFormWord)) break;
    const lower = word.text.toLowerCase();
    // "Horák a syn s.r.o.": "a"/"i" then the partners' word, both in lower case, inside the name.
    const partners =
      joinsPartners(lower, next.text) ||
      (PARTNERS.has(lower.replace(/\.$/, '')) && AND_BEFORE_PARTNERS.has(words[i - 1]?.text.toLowerCase() ?? ''));
    const connector = CONNECTORS.has(lower) || word.text === '&' || partners;
    const fits = isCapitalised(word.text) || /^\p{N}/u.test(word.text) || connector;
    // A shouted name keeps its common words ("BIG SKY ROOFING LLC").
    const shouted = word.text.length > 1 && word.text === word.text.toUpperCase() && /\p{Lu}{2}/u.test(next.text);
    // "jefe de TI de Cafetalera Las Segovias S.A.": a department's abbreviation before the name is not part of it.
    const department = /^\p{Lu}{2,3}$/u.test(word.text) && isDepartment(lower);
    if (!fits || (NOT_NAME_WORDS.has(lower) && !connector && !shouted) || isRoleWord(lower) || department) break;
    // "Roberto Galli della Galli Trasporti SRL": "of/de/von" after a person's name says where they work.
    if (ORIGIN.has(lower) && afterPerson(masked, words, i, nameEnds)) break;
    first = i;
  }
  // Connectors cannot open a name ("de Inversiones Tamanaco C.A.", "DELLA GALLI TRASPORTI SRL"); a
  // capitalised article can ("La Chinchorrera Boricua LLC").
  while (first < at && opensNot((words[first] as Word).text)) first++;
  // "En Corporación Lácteos Coronado S.A.", "Bi Tuul River Logistics LLC-d": a word of two letters opening
  // the sentence, neither an article nor a name word, is capitalised for the sentence, not for the name.
  if (at - first >= 3 && opensSentenceOnly(masked, words[first] as Word)) first++;
  return first < at ? first : -1;
}

/** A two-letter word capitalised only because it opens the sentence ("En", "Bi"), not an article or a name word. */
export function opensSentenceOnly(masked: string, word: Word): boolean {
  return /(?:^|[.!?:\n])[\s"“'‘]*$/u.test(masked.slice(0, word.start)) && isSentenceOpener(word.text);
}

function isSentenceOpener(word: string): boolean {
  const lower = word.toLowerCase();
  return /^\p{Lu}\p{Ll}$/u.test(word) && !CONNECTORS.has(lower) && !isPersonNameWord(lower) && !isLegalForm(word);
}

/** "En Grupo Minero Altiplano S.A." at the head of a segment: the name without the sentence's first word. */
export function withoutSentenceOpener(text: string): string {
  const m = /^(\p{L}+)\s+(?=(?:\S+\s+){2}\S)/u.exec(text);
  return m?.[1] && isSentenceOpener(m[1]) ? text.slice(m[0].length) : text;
}

function opensNot(word: string): boolean {
  const lower = word.toLowerCase();
  if (!CONNECTORS.has(lower)) return false;
  return word === '&' || word === lower || (word.length > 1 && word === word.toUpperCase());
}

/** Forwards from a prefix form ("PT Graha Sentosa Properti", "UAB Baltic Pixel"): its capitalised words. */
function prefixEnd(masked: string, words: readonly Word[], at: number): number {
  let last = at;
  for (let i = at + 1; i < words.length && i - at <= MOST_WORDS; i++) {
    const word = words[i] as Word;
    if (!joined(masked, words[i - 1] as Word, word) || !isCapitalised(word.text)) break;
    if (NOT_NAME_WORDS.has(word.text.toLowerCase())) break;
    last = i;
    if (endsSentence(word.text, isFormWord)) break;
  }
  return last;
}

export function findLegalFormSpans(masked: string, nameEnds: number[], out: Candidate[]): void {
  const words = wordsIn(masked);
  let after = -1;
  for (let i = 0; i < words.length; i++) {
    if (i <= after) continue;
    const word = words[i] as Word;
    if (isLegalFormPrefix(word.text)) {
      const last = prefixEnd(masked, words, i);
      after = last;
      if (last > i) push(masked, word.start, (words[last] as Word).end, out);
      continue;
    }
    if (!legalFormOf(word.text)) continue;
    // "Hafiz & Co Renovation": "& Co" inside a name that goes on is not its end.
    const following = words[i + 1];
    if (
      /^co\.?$/i.test(word.text) &&
      words[i - 1]?.text === '&' &&
      following &&
      joined(masked, word, following) &&
      isCapitalised(following.text) &&
      !legalFormOf(following.text)
    )
      continue;
    // "Co., Ltd.", "Sdn Bhd", "S.A. de C.V.", "sp. z o.o.", "spol. s r.o.": forms that follow one another are one.
    let last = i;
    while (last + 1 < words.length) {
      const next = words[last + 1] as Word;
      const gap = masked.slice((words[last] as Word).end, next.start);
      const linkThenForm =
        /^(?:de|z|s)$/i.test(next.text) &&
        legalFormOf(words[last + 2]?.text ?? '') !== undefined &&
        /^[ \t]+$/.test(gap);
      if (!/^,?[ \t]+$/.test(gap) || !(legalFormOf(next.text) || linkThenForm)) break;
      last += linkThenForm ? 2 : 1;
    }
    after = last;
    // "S. de R.L.": an initial and a link before the form belong to it.
    let formStart = i;
    while (
      formStart >= 2 &&
      /^(?:de|z)$/i.test((words[formStart - 1] as Word).text) &&
      /^\p{Lu}\.$|^sp\.$/u.test((words[formStart - 2] as Word).text)
    )
      formStart -= 2;
    const first = nameStart(masked, words, formStart, nameEnds);
    if (first < 0) continue;
    const lastWord = words[last] as Word;
    // A glued case ending is not part of the name: "Szabó és Társa Kft.-től" ends at "Kft.".
    const glued = legalFormOf(lastWord.text) ?? lastWord.text;
    // The full stop of the sentence after "GmbH." is not part of it; "Ltd.", "S.A." keep their dots.
    const form = /^\p{L}{4,}\.$/u.test(glued) ? glued.slice(0, -1) : glued;
    push(masked, (words[first] as Word).start, lastWord.start + form.length, out);
  }
}

function push(masked: string, start: number, end: number, out: Candidate[]): void {
  const value = masked.slice(start, end);
  if (validCompany(value)) out.push({ value, start, end, weak: true });
}
