/**
 * A name spelt by the visitor's own address: "florian eder, ... florian@eder-tischlerei.at", "Anu Ochirbat /
 * CEO / ... anu.ochirbat@...", "tom gallagher" beside "tom.gallagher@...", "Jean-Paul Mbarga" beside
 * "jp.mbarga@...". People write their address from their name, so two to four words of the message that
 * the address's local part spells (each word in it, or its initials) are the visitor's name, in any case
 * and whatever words stand around them.
 */
import { isCompanyEnding, isLegalForm } from '../lexicons/legal-forms.js';
import { NOT_NAME_WORDS } from '../lexicons/words.js';
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
