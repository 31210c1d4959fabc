/**
 * A company named by the visitor's own email domain: "kerry@kerrycraftbrewery.ie" then "Kerry Craft
 * Brewery", "its dorsey plumbing & drain" beside "mike@dorseyplumbingoh.com". A business address spells
 * the business's name, so words of the message that spell most of the domain are that name, in any case,
 * anywhere in the message and whatever words stand around them: no lead-in, label or capital is needed.
 * Webmail domains name no business.
 */
import { isRoleWord } from '../lexicons/job-titles.js';
import { isCompanyEnding, isLegalForm } from '../lexicons/legal-forms.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { isWebmailName } from '../lexicons/webmail.js';
import { NOT_NAME_WORDS } from '../lexicons/words.js';
import { foldLetters, isAbbreviation as isDottedShort, isCapitalised, wordsOf, type Candidate } from '../text.js';
import { legalFormOf, opensSentenceOnly } from './legal-form-spans.js';
import { validCompany } from './read-company.js';
import { endsSentence, joined, wordsIn, type Word } from './words-in.js';

/** The part of an address's domain that names the business: "ana@mail.kowhai-plumbing.co.nz" -> "kowhaiplumbing". */
export function domainLabel(email: string): string | undefined {
  const labels = email
    .slice(email.indexOf('@') + 1)
    .toLowerCase()
    .split('.')
    .slice(0, -1);
  const longest = labels.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (isWebmailName(longest)) return undefined;
  const folded = foldLetters(longest);
  return folded.length >= 4 ? folded : undefined;
}

const JOINERS = /^(?:&|and|und|y|e|et|n|og|och|és|i|ir)$/i;
const MOST_WORDS = 7;

/** Words that spell at least this much of the domain are its name ("Kerry Craft Brewery" of "kerrycraftbrewery"). */
function spellsDomain(folded: string, label: string, words: number): boolean {
  if (folded.length < 4 || !label.includes(folded)) return false;
  const share = folded.length / label.length;
  return words > 1 ? share >= 0.6 : share >= 0.8 && folded.length >= 5;
}

/** Two or more person-name words and nothing of a business: the visitor's name spelt in their address. */
function looksLikePersonOnly(words: string[]): boolean {
  const lower = words.map((w) => w.toLowerCase().replace(/[.,]+$/, ''));
  return (
    !lower.some((w) => isCompanyEnding(w) || isLegalForm(w)) &&
    (isGivenName(lower[0] ?? '') || lower.length === 1) &&
    lower.every((w) => isPersonNameWord(w) || w.length <= 3)
  );
}

const isAbbreviation = (word: string): boolean => legalFormOf(word) !== undefined || isDottedShort(word);

/** The runs of words that spell most of the domain (all as long as the longest): [first, last] word indexes. */
function spelledRuns(masked: string, words: readonly Word[], label: string): Array<[number, number]> {
  let runs: Array<[number, number]> = [];
  let bestLength = 0;
  for (let i = 0; i < words.length; i++) {
    if (JOINERS.test((words[i] as Word).text)) continue;
    let folded = '';
    let end = -1;
    for (let j = i; j < words.length && j - i < MOST_WORDS; j++) {
      const word = words[j] as Word;
      const previous = words[j - 1] as Word;
      if (j > i && (!joined(masked, previous, word) || endsSentence(previous.text, isAbbreviation))) break;
      const more = folded + foldLetters(word.text);
      // "Dorsey Plumbing & Drain" spelt "dorseyplumbingdrain": a joiner the domain leaves out is skipped.
      if (label.includes(more)) folded = more;
      else if (!JOINERS.test(word.text)) break;
      if (!JOINERS.test(word.text) && spellsDomain(folded, label, j - i + 1)) end = j;
    }
    if (end < 0) continue;
    const length = foldLetters(masked.slice((words[i] as Word).start, (words[end] as Word).end)).length;
    if (length > bestLength) [runs, bestLength] = [[], length];
    if (length === bestLength) runs.push([i, end]);
  }
  return runs;
}

export function findDomainNamed(masked: string, labels: readonly string[], out: Candidate[]): void {
  // Quick check: some word of the message is part of a domain.
  const present = wordsOf(masked);
  const hit = labels.filter((label) => {
    for (const w of present) if (w.length >= 3 && label.includes(foldLetters(w))) return true;
    return false;
  });
  if (hit.length === 0) return;
  const words = wordsIn(masked);
  for (const label of hit) {
    // Of the places that spell the domain as fully, the one read with most around it ("... Realty Ltd.").
    let first = -1;
    let last = -1;
    for (const run of spelledRuns(masked, words, label)) {
      const from = extendBack(masked, words, run[0]);
      const to = extend(masked, words, run[1]);
      if (first < 0 || to - from > last - first) [first, last] = [from, to];
    }
    if (first < 0) continue;
    const span = words.slice(first, last + 1).map((w) => w.text);
    if (NOT_NAME_WORDS.has((span[0] ?? '').toLowerCase()) || looksLikePersonOnly(span)) continue;
    const start = (words[first] as Word).start;
    const lastWord = words[last] as Word;
    // "Yılmaz Mobilya Ltd. Şti.'den": a case ending glued to the last word is not part of the name.
    const end = lastWord.start + (legalFormOf(lastWord.text) ?? lastWord.text).length;
    // "'Nail Bom' in Busan": the closing quote around the name is not part of it.
    const value = masked
      .slice(start, end)
      .replace(/['’"”»]+$/u, '')
      .replace(/[.,]+$/, (dots) => (isAbbreviation(span[span.length - 1] ?? '') ? dots : ''));
    if (validCompany(value)) out.push({ value, start, end: start + value.length, weak: true });
  }
}

/**
 * Capitalised words right before the words the domain spells, when they open the name: a business word
 * or a form ("Kahvila" Kanelisiipi, "Fondation" Lumière Léman, "OsOO" Tokmok Beton, "Les" Saveurs du Sine).
 */
function extendBack(masked: string, words: readonly Word[], from: number): number {
  let first = from;
  if (!isCapitalised((words[from] as Word).text)) return first;
  for (let i = from - 1; i >= 0 && from - i <= 2; i--) {
    const word = words[i] as Word;
    const lower = word.text.toLowerCase();
    if (!joined(masked, word, words[i + 1] as Word) || endsSentence(word.text, isAbbreviation)) break;
    const article = /^(?:the|la|le|les|el|los|las|il|de|het|die|der|das)$/.test(lower);
    if (!isCapitalised(word.text) || isRoleWord(lower) || isGivenName(lower) || opensSentenceOnly(masked, word)) break;
    if (NOT_NAME_WORDS.has(lower) && !article) break;
    first = i;
  }
  return first;
}

/** A given name and a family name after the company ("Acme Studio Sarah Lee"): a person, not more name. */
function startsPerson(word: Word, next: Word | undefined): boolean {
  return (
    isGivenName(word.text.toLowerCase()) &&
    next !== undefined &&
    isCapitalised(next.text) &&
    isPersonNameWord(next.text.toLowerCase())
  );
}

/** A legal form that ends a name ("Ltd.", "ApS", "Lda"), unlike "Co." or "Cía." that more words may follow. */
function closesName(word: string): boolean {
  return legalFormOf(word) !== undefined && !/^(?:co|c[íi]a|&)\.?,?$/iu.test(word);
}

/**
 * What follows the words the domain spells and still belongs to the name: a legal form or a business word
 * ("Gulf Star Auto Parts" + "Trading LLC"), capitalised words after a capitalised name ("Te Puna Whenua" +
 * "Trust"), a joiner and one more word ("dorsey plumbing" + "& drain"), "sp. z o.o.".
 */
function extend(masked: string, words: readonly Word[], from: number): number {
  let last = from;
  const capitalisedName = isCapitalised((words[from] as Word).text);
  for (let j = from + 1; j < words.length && j - from <= 4; j++) {
    const word = words[j] as Word;
    const previous = words[j - 1] as Word;
    // "Pekáreň Zlatý klas, s.r.o.": a comma may stand before the legal form.
    const commaForm = /^,[ \t]+$/.test(masked.slice(previous.end, word.start)) && legalFormOf(word.text) !== undefined;
    if ((!joined(masked, previous, word) && !commaForm) || endsSentence(previous.text, isAbbreviation)) break;
    // "Holm Cykler ApS. Vi vil gerne...", "Padaria Lusitana Lda e queríamos": after a closing legal form only
    // more of the form follows ("Sdn. Bhd.", "Sp. z o.o."), not the next sentence ("Co." opens more name).
    if (closesName(previous.text) && legalFormOf(word.text) === undefined && !/^(?:z|de|\(.*\))$/iu.test(word.text))
      break;
    const lower = word.text.toLowerCase().replace(/[.,]+$/, '');
    const nextWord = words[j + 1];
    const linkThenForm = /^(?:z|de)$/i.test(word.text) && legalFormOf(nextWord?.text ?? '') !== undefined;
    // "Gruber & Partner OG": a legal form written as one is no joiner ("og" is Norwegian "and").
    const joinerThenWord =
      JOINERS.test(word.text) &&
      legalFormOf(word.text) === undefined &&
      nextWord !== undefined &&
      !NOT_NAME_WORDS.has(nextWord.text.toLowerCase());
    if (linkThenForm || joinerThenWord) {
      last = j + 1;
      j++;
      continue;
    }
    const fits =
      legalFormOf(word.text) !== undefined ||
      /^\p{L}(?:\.\p{L})+\.?$/u.test(word.text) ||
      isCompanyEnding(lower) ||
      (capitalisedName && isCapitalised(word.text) && !NOT_NAME_WORDS.has(lower) && !startsPerson(word, nextWord));
    if (!fits) break;
    last = j;
  }
  return last;
}
