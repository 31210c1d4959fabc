/**
 * The words of a message with where they are, for the readers that walk a name word by word (from a
 * legal form backwards, along an email domain). A word keeps the marks a company name may hold ("A/S",
 * "O'Keefe", "Co.", "&", "(Pty)"); anything else between two words separates them.
 */
import { matchesOf } from '../text.js';
export interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD = /\(\p{L}{1,7}\.?\)|[\p{L}\p{N}&][\p{L}\p{N}\p{M}&'’.+-]*(?:\/\p{L}+)*/gu;

// Locative and ablative endings (Turkish writes them after an apostrophe on proper names).
const CASE_ENDING = /^(\p{Lu}.*?)['’](?:n?[dt][ae]n?|n?[dt][ae]ki)$/u;

let cachedText = '';
let cachedWords: Word[] = [];

/** The words of `text` (cached for the last text: the readers of one message ask for the same). Do not change it. */
export function wordsIn(text: string): readonly Word[] {
  if (text !== cachedText) {
    cachedText = text;
    cachedWords = [];
    for (const m of matchesOf(text, WORD)) {
      // "Bürosu'ndan", "Mimarlık'ta": a Turkish case ending after a name's apostrophe is not part of the name.
      const word = m[0].includes("'") || m[0].includes('’') ? (CASE_ENDING.exec(m[0])?.[1] ?? m[0]) : m[0];
      cachedWords.push({ text: word, start: m.index, end: m.index + word.length });
    }
  }
  return cachedWords;
}

/** Only spaces between two words (no punctuation, no line break). */
export function joined(text: string, left: Word, right: Word): boolean {
  for (let i = left.end; i < right.start; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return left.end < right.start;
}

/** A word ending a sentence with its dot ("site.", "Dominicano."), not an abbreviation ("Co.", "S.A.", "St."). */
export function endsSentence(word: string, isAbbreviation: (word: string) => boolean): boolean {
  return word.endsWith('.') && word.length > 3 && !/\p{L}\.\p{L}/u.test(word) && !isAbbreviation(word);
}
