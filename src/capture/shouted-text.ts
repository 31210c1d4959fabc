/**
 * A line written wholly in capitals ("GOOD DAY. I NEED A WEBSITE FOR MY LOGISTICS COMPANY SWIFTLINE HAULAGE NIG
 * LTD") gives the readers keyed on capitals nothing to go by: every word looks like the start of a name, so a
 * name or a company runs over the words around it. Such a line is read with the chat language's own small words
 * in lower case (the closed lists of `lexicons/words.ts` and the connectors inside names: "my", "is", "for",
 * "de", "da"), as it would have been typed, and every other word as written: which capitalised word is a name
 * is then told as in any message. Same length, so what a reader read maps back to the visitor's own spelling.
 */
import { NOT_NAME_WORDS, SENTENCE_WORDS } from './lexicons/words.js';

// Connectors inside names and the prepositions before them, in lower case however the name is written
// ("Roshan de Silva", "Ionescu Construct SRL" after "de la"); not "al", "el", "bin": those open a name.
const CONNECTORS = new Set(
  'de del della di da das dos do du la le y e i van von der den ter ten dela delos los las'.split(' '),
);

const isSmallWord = (lower: string): boolean =>
  NOT_NAME_WORDS.has(lower) || SENTENCE_WORDS.has(lower) || CONNECTORS.has(lower);

// One character at a time, so the text keeps its length ("İ" would lower-case to two code units).
function lowerCase(word: string): string {
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
// A word inside an address or a link ("GPOLANSKI@POLANSKIAUTO.COM") is left alone.
const IN_ADDRESS = /[@/.]$/u;
const BEFORE_ADDRESS = /^(?:[@/]|\.\p{L})/u;
const SENTENCE_START = /(^[\s\p{P}]*|[.!?]\s+)(\p{Ll})/gu;

function recaseLine(line: string): string {
  const recased = line.replace(WORD, (word, at: number) => {
    if (
      IN_ADDRESS.test(line.slice(at - 1, at)) ||
      BEFORE_ADDRESS.test(line.slice(at + word.length, at + word.length + 2))
    )
      return word;
    const lower = lowerCase(word);
    return isSmallWord(lower) ? lower : word;
  });
  return recased.replace(SENTENCE_START, (_m, before: string, letter: string) =>
    letter.toUpperCase().length === 1 ? before + letter.toUpperCase() : before + letter,
  );
}

const LOWER = /\p{Ll}/u;
const HAS_LETTERS = /\p{L}{2}/u;
const ADDRESS = /[@/]|www\./iu;

/** Two words or more, and no word (but an address) holds a lower-case letter. */
function isShouted(line: string): boolean {
  let words = 0;
  for (const token of line.split(/\s+/)) {
    if (ADDRESS.test(token) || !HAS_LETTERS.test(token)) continue;
    if (LOWER.test(token)) return false;
    words++;
  }
  return words >= 2;
}

const THREE_CAPITALS = /\p{Lu}{3}/u;

/** The text with its lines written wholly in capitals recased (same length); undefined when no line is. */
export function recaseShouted(text: string): string | undefined {
  // Cheap first: most messages have no three capitals in a row.
  if (!THREE_CAPITALS.test(text)) return undefined;
  let changed = false;
  const out = text.replace(/[^\n]+/g, (line) => {
    if (!isShouted(line)) return line;
    const recased = recaseLine(line);
    changed ||= recased !== line;
    return recased;
  });
  return changed && out.length === text.length ? out : undefined;
}
