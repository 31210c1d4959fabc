/**
 * A name spelt by the visitor's own address: "florian eder, ... florian@eder-tischlerei.at", "Anu Ochirbat /
 * CEO / ... anu.ochirbat@...", "tom gallagher" beside "tom.gallagher@...", "Jean-Paul Mbarga" beside
 * "jp.mbarga@...". People write their address from their name, so two to four words of the message that
 * the address's local part spells (each word in it, or its initials) are the visitor's name, in any case
 * and whatever words stand around them.
 */
import { isCompanyEnding, isLegalForm } from '../lexicons/legal-forms.js';
import { NOT_NAME_WORDS } from '../lexicons/words.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isRoleAddress } from '../lexicons/role-addresses.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { foldLetters, isCapitalised, matchesOf, normalizeName, type Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push } from './push-name.js';
import { readName } from './read-name.js';

interface Word {
  text: string;
  start: number;
  end: number;
}

const NAME_WORD = /[\p{L}][\p{L}\p{M}'’-]*/gu;
const MOST_WORDS = 4;

/** The local parts of addresses, folded ("Jean.Paul-Mbarga" -> "jeanpaulmbarga"), with their pieces. */
export interface LocalPart {
  whole: string;
  pieces: string[];
}

export function localPartOf(email: string): LocalPart {
  const local = email.slice(0, email.indexOf('@')).toLowerCase();
  const pieces = local
    .split(/[._+\-\d]+/)
    .map(foldLetters)
    .filter(Boolean);
  return { whole: pieces.join(''), pieces };
}

/**
 * A word the local part spells: whole (three letters or more), or by its initials: first in the name ("p" of
 * "Panagiotis" in "p.raptis", "jp" of "Jean-Paul" in "jp.mbarga"), or later, as a piece of one letter ("s" of
 * "Senanayake" in "tharindu.s").
 */
function spelt(word: string, local: LocalPart, first: boolean): 'whole' | 'initials' | undefined {
  const folded = foldLetters(word);
  if (folded.length >= 3 && local.whole.includes(folded)) return 'whole';
  if (folded.length < 3) return undefined;
  // "tharindu senanayake" beside "tharindu.s@...": a later word by its initial, a piece of one letter.
  if (!first) return local.pieces.includes(folded.charAt(0)) ? 'initials' : undefined;
  const initials = word
    .split(/[-'’]/)
    .map((part) => foldLetters(part).charAt(0))
    .join('');
  return local.pieces.includes(initials) ? 'initials' : undefined;
}

function fitsName(word: string): boolean {
  const lower = word.toLowerCase();
  return !NOT_NAME_WORDS.has(lower) && !isCompanyEnding(word) && !isLegalForm(word);
}

// What may follow a name at the head of its clause: a comma, a slash or dash, a line's or sentence's end.
const NAME_CLOSES = /^[ \t]*(?:[,/|–—(]|-[ \t]|$|\n|[.!?](?:\s|$))/u;
const CLAUSE_OPENS = /(?:^|[\n,.!?:;/|–—]|\s-)[ \t]*$/u;

/**
 * "Hayk Avetisyan / ArmSoft Lab / hayk@...", "Can Demir, founder of ..., can@...": the local part is the given
 * name alone, and the word after it in a clause of its own is the family name: two capitalised words (or two
 * known name words) at a clause's head and nothing else before its comma, slash or end.
 */
function givenThenFamily(words: readonly Word[], local: LocalPart, masked: string): [number, number] | undefined {
  if (local.pieces.length !== 1 || (local.pieces[0] ?? '').length < 3 || isRoleAddress(local.whole)) return undefined;
  for (let i = 0; i + 1 < words.length; i++) {
    const given = words[i] as Word;
    const family = words[i + 1] as Word;
    if (foldLetters(given.text) !== local.pieces[0] || !/^[ \t]+$/.test(masked.slice(given.end, family.start)))
      continue;
    if (!CLAUSE_OPENS.test(masked.slice(Math.max(0, given.start - 3), given.start))) continue;
    if (!NAME_CLOSES.test(masked.slice(family.end, family.end + 3))) continue;
    if (!fitsName(given.text) || !fitsName(family.text) || isBusinessWord(family.text)) continue;
    const capitalised = isCapitalised(given.text) && isCapitalised(family.text);
    if (capitalised || (isGivenName(given.text.toLowerCase()) && isPersonNameWord(family.text.toLowerCase())))
      return [i, i + 1];
  }
  return undefined;
}

export function findNameInLocalPart(
  masked: string,
  locals: readonly LocalPart[],
  ctx: NameContext,
  out: Candidate[],
): void {
  const words: Word[] = [];
  for (const m of matchesOf(masked, NAME_WORD)) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  for (const local of locals) {
    let best: [number, number] | undefined;
    for (let i = 0; i < words.length; i++) {
      let whole = 0;
      for (let j = i; j < words.length && j - i < MOST_WORDS; j++) {
        const word = words[j] as Word;
        if (j > i && !/^[ \t]+$/.test(masked.slice((words[j - 1] as Word).end, word.start))) break;
        const how = fitsName(word.text) ? spelt(word.text, local, j === i) : undefined;
        if (!how) break;
        if (how === 'whole') whole++;
        // Two words or more, one of them spelt whole; the longest such run.
        if (j > i && whole > 0 && (!best || j - i > best[1] - best[0])) best = [i, j];
      }
    }
    best ??= givenThenFamily(words, local, masked);
    if (!best) continue;
    const run = words.slice(best[0], best[1] + 1).map((w) => w.text);
    // Lower-case words read as a name only with a known given name or family name among them ("tea online" is none).
    if (
      !run.every(isCapitalised) &&
      !run.some((w) => isGivenName(w.toLowerCase()) || isPersonNameWord(w.toLowerCase()))
    )
      continue;
    const first = words[best[0]] as Word;
    const spelled = normalizeName(masked.slice(first.start, (words[best[1]] as Word).end));
    // "Sebastián Herrera Donoso" with "sebastian.herrera@": the name goes on past what the address spells.
    const read = readName(masked.slice(first.start, first.start + 120), 'strict');
    const fuller = read && spelled && read.startsWith(`${spelled} `) ? read : undefined;
    push(out, fuller ?? spelled, first.start, ctx, true, masked);
  }
}
