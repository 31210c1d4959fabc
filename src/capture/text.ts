/** Shared text helpers of the recognizers: masking, tokens of a clause, name capitalisation. */
import { NAME_PARTICLES, TITLES } from './lexicons/words.js';

/** A value found in a message, with where it was found (for choosing among several). */
export interface Candidate {
  value: string;
  start: number;
  end: number;
  /**
   * Read without a clear statement (a signature, the head of a line, a bare answer): it fills an empty
   * field but does not replace a value the conversation already gave.
   */
  weak?: boolean;
}

export interface Token {
  word: string;
  /** The token ended with a sentence dot (not an abbreviation's). */
  endsSentence: boolean;
}

// Runs of characters that can hold an address; `|` stays inside so "john|doe@x.com" can be refused whole.
// Bounded so a long run without '@' costs linear time, not quadratic.
export const EMAIL_TOKEN = /[^\s<>()[\]{},;"“”]{1,120}@[^\s<>()[\]{},;"“”]{1,255}/g;

/** Removes emails and links (keeping offsets) so their digits are not read as phones or their words as names. */
export function maskLinks(text: string): string {
  // Most messages hold no "@" and no link: nothing to mask.
  const withoutEmails = text.includes('@') ? maskEmails(text) : text;
  return /https?:\/\/|www\./i.test(withoutEmails)
    ? withoutEmails.replace(/\b(?:https?:\/\/|www\.)[^\s]+/gi, (m) => ' '.repeat(m.length))
    : withoutEmails;
}

function maskEmails(text: string): string {
  return text.replace(EMAIL_TOKEN, (m) =>
    m
      .split('|')
      .map((part) => (part.includes('@') ? ' '.repeat(part.length) : part))
      .join('|'),
  );
}

// Abbreviations whose dot does not end the sentence.
const ABBREVIATIONS = new Set([
  'ltd',
  'pvt',
  'inc',
  'co',
  'corp',
  'llc',
  'l.l.c',
  's.a',
  'b.v',
  'n.v',
  's.r.l',
  's.l',
  'p.t',
  'sp',
  'z o.o',
  'o.o',
  'bhd',
  // The first words of legal forms of more than one word: "Sdn. Bhd.", "Pte. Ltd.", "Nig. Ltd.", "spol. s r.o.";
  // "Mt. Elgon Coffee".
  'sdn',
  'pte',
  'nig',
  'spol',
  'mt',
  'pty',
  'st',
  'jr',
  'sr',
  'mr',
  'mrs',
  'ms',
  'dr',
  'bros',
  'cía',
  'cia',
  'intl',
  'int',
  'mfg',
  'assoc',
  'hnos',
  'hno',
  'c.a',
  'a.s',
  's.a.c',
  's.a.s',
  // Turkish: "San. ve Tic. A.Ş." (Sanayi ve Ticaret).
  'san',
  'tic',
]);
/** "Co.", "Bros.", "St.", "S.A.": a dot that does not end the sentence. */
export function isAbbreviation(dotted: string): boolean {
  const word = dotted.replace(/\.$/, '');
  return ABBREVIATIONS.has(word.toLowerCase()) || /^(?:\p{L}\.)+\p{L}$/u.test(word) || /^\p{Lu}$/u.test(word);
}

const PAREN_SUFFIX = /\((pvt\.?|private|smc-pvt\.?|smc-private|smc|u|k|t|nig|pty|gh|haftungsbeschr[äa]nkt)\)/gi;
// What ends a clause. Only the first clause is read: searched for, not split into all of them.
const CLAUSE_END =
  /[,;:!?\n()[\]{}"“”|<>@，。！？：；、「」]|(?<=\s)\/|\/(?=\s)|\s[-–—]\s|\s[-–—]$|\.\s*$|\s+\.\s+|\.{2,}|…|[\u{1F000}-\u{1FFFF}\u{2600}-\u{27BF}]/u;
const QUOTES_OR_STARS = /['‘’*_]/;

/** Splits the text after a lead-in into words, up to the end of its clause. */
export function readTokens(text: string, limit: number): Token[] {
  // "(Pvt) Ltd" is part of a company name, other brackets end the clause.
  const head = text.slice(0, 160);
  const marked = head.includes('(') ? head.replace(PAREN_SUFFIX, '\u0001$1\u0002') : head;
  const end = marked.search(CLAUSE_END);
  const clause = end < 0 ? marked : marked.slice(0, end);
  const tokens: Token[] = [];
  // Each piece gives at most one token (and the first one always): the pieces past `limit` are never read, so
  // they are not split off (bounded as split reads its limit, a 32-bit count).
  const pieces = Math.max(1, Math.min(limit, 2 ** 32 - 1));
  for (const raw of clause.trim().split(/\s+/, pieces)) {
    if (!raw) break;
    // Most words have no quote, star or bracket mark to strip: they are taken as they are.
    const stripped =
      QUOTES_OR_STARS.test(raw) || raw.includes('\u0001') || raw.includes('\u0002') ? stripWord(raw) : raw;
    const dotted = stripped.endsWith('.');
    const word = dotted ? stripped.slice(0, -1) : stripped;
    if (!word) break;
    const abbreviation = dotted && isAbbreviation(word);
    tokens.push({ word: abbreviation ? stripped : word, endsSentence: dotted && !abbreviation });
    if (tokens.length >= limit || (dotted && !abbreviation)) break;
  }
  return tokens;
}

/** Quotes and stars around a word dropped, the brackets of "(Pvt)" put back. */
function stripWord(raw: string): string {
  return raw
    .replace(/^['‘’*_]+/, '')
    .replace(/['‘’*_]+$/, '')
    .replace('\u0001', '(')
    .replace('\u0002', ')');
}

export const NAME_WORD = /^[\p{L}][\p{L}\p{M}'’-]*$/u;

export function isCapitalised(word: string): boolean {
  // Asked of nearly every word: an ASCII first letter is told by its code, the rest by the Unicode class.
  const first = word.charCodeAt(0);
  if (first < 128) return first >= 65 && first <= 90;
  return UPPER_FIRST.test(word);
}

const UPPER_FIRST = /^\p{Lu}/u;

function capitaliseWord(word: string, index: number): string {
  // Turkish "İ" lower-cases to "i" and a combining dot ("ÇELİK" -> "çeli̇k"): read it as "I".
  const lower = (word.includes('İ') ? word.replace(/İ/g, 'I') : word).toLowerCase();
  // A particle keeps the case it was typed in ("El Amrani", "van Dijk"), unless shouted ("VAN").
  if (index > 0 && NAME_PARTICLES.has(lower)) return word === word.toUpperCase() ? lower : word;
  // Keep deliberate mixed case ("McDonald", "DeShawn"); fix all-lower and all-upper words.
  if (word !== lower && word !== word.toUpperCase()) return word;
  return lower.replace(/(^|['’-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** One to four words of letters (apostrophes and hyphens inside), properly capitalised; undefined otherwise. */
export function normalizeName(raw: string): string | undefined {
  const words = raw.trim().replace(TITLES, '').split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 6 || words.filter((w) => !NAME_PARTICLES.has(w.toLowerCase())).length > 4)
    return undefined;
  if (!words.every((w) => NAME_WORD.test(w) && !/['’-]$/.test(w))) return undefined;
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && NAME_PARTICLES.has(last.toLowerCase()) && last.length <= 3) return undefined;
  const name = words.map(capitaliseWord).join(' ');
  if (name.replace(/[^\p{L}]/gu, '').length < 2 || name.length > 60) return undefined;
  return name;
}

/**
 * Every match of the global `re` in `text`, as `text.matchAll(re)` gives them. matchAll builds a copy of `re`
 * on every call, and V8 then goes over the copy's whole source again (thousands of characters for a list of
 * lead-ins): on the long expressions that cost several times the matching itself. Like matchAll, it starts at
 * `re.lastIndex` and leaves it as it was; the matches are read at once, before the caller looks at one.
 */
export function matchesOf(text: string, re: RegExp): RegExpExecArray[] {
  if (!re.global) throw new TypeError('matchesOf needs a global expression');
  const from = re.lastIndex;
  const found: RegExpExecArray[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found.push(m);
    // An empty match moves on by one character (a whole code point for a Unicode expression), as matchAll does.
    if (m[0] === '') re.lastIndex = nextIndex(text, re.lastIndex, re.unicode || re.flags.includes('v'));
  }
  re.lastIndex = from;
  return found;
}

function nextIndex(text: string, at: number, unicode: boolean): number {
  const lead = text.charCodeAt(at);
  const trail = text.charCodeAt(at + 1);
  const pair = lead >= 0xd800 && lead <= 0xdbff && trail >= 0xdc00 && trail <= 0xdfff;
  return unicode && pair ? at + 2 : at + 1;
}

/** Where the last match of the global `re` starts in `text`, or -1. */
export function lastMatchAt(text: string, re: RegExp): number {
  let at = -1;
  for (const m of matchesOf(text, re)) at = m.index;
  return at;
}

/** Several lead-ins can read the same spot: keep the longest reading of each start. */
export function dedupeByStart(candidates: Candidate[]): Candidate[] {
  const byStart = new Map<number, Candidate>();
  for (const c of candidates) {
    const seen = byStart.get(c.start);
    if (!seen || c.value.length > seen.value.length) byStart.set(c.start, c);
  }
  return [...byStart.values()];
}

/** Trims, collapses spaces, caps at `max` characters with an ellipsis. */
export function cap(value: string, max = 100): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > max ? `${trimmed.slice(0, max - 1).trimEnd()}…` : trimmed;
}

/** Every spelling a word pattern with character classes allows: "s[óo]c" -> "sóc", "soc". */
export function spellingsOf(pattern: string): string[] {
  let variants = [''];
  for (const part of pattern.match(/\[[^\]]+\]|[^[]/g) ?? []) {
    const choices = part.startsWith('[') ? [...part.slice(1, -1)] : [part];
    variants = variants.flatMap((v) => choices.map((c) => v + c));
  }
  return variants;
}

// Letters that do not split into a base letter and a mark.
const FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ı: 'i', þ: 'th', ð: 'd' };

/**
 * `read` of a word, remembered: the same words come back message after message. Forgotten all at once past
 * 50,000 words, which bounds the memory and costs one re-read of the words still in use.
 */
export function rememberedPerWord<T>(read: (word: string) => T): (word: string) => T {
  const memo = new Map<string, T>();
  return (word) => {
    let answer = memo.get(word);
    if (answer === undefined) {
      answer = read(word);
      if (memo.size > 50_000) memo.clear();
      memo.set(word, answer);
    }
    return answer;
  };
}

/** Lower-case letters and digits only, accents dropped: "Kōwhai Plumbing" -> "kowhaiplumbing" (to compare with an address). */
export const foldLetters = rememberedPerWord(fold);

function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most words are plain ASCII: no accents to drop.
  if (ASCII.test(lower)) return lower.replace(NOT_ALNUM, '');
  return lower
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øæœßłđıþð]/g, (c) => FOLDS[c] ?? c)
    .replace(NOT_ALNUM, '');
}

const ASCII = /^[ -~]*$/;
const NOT_ALNUM = /[^a-z0-9]/g;

/**
 * Every word list a recognizer asks about (`hasAnyWord`'s lists, the lead-ins' `needs`) gets a slot, and each of
 * its words points to the slots of the lists that hold it. A message's words are then looked up once, in this one
 * index, and every later question of a list is a read of its slot: recognizers ask about a dozen lists per message,
 * and walking the message's words for each list cost more than the recognizers' own work on most messages.
 */
const slotsByWord = new Map<string, number[]>();
const slotOfList = new WeakMap<readonly string[], number>();
let slotCount = 0;

function slotOf(words: readonly string[]): number {
  let slot = slotOfList.get(words);
  if (slot === undefined) {
    slot = slotCount++;
    slotOfList.set(words, slot);
    for (const word of new Set(words)) {
      const slots = slotsByWord.get(word);
      if (slots) slots.push(slot);
      else slotsByWord.set(word, [slot]);
    }
  }
  return slot;
}

/** A message's words, lower-cased, and which lists' slots they hit (`counted` of the `slotCount` lists so far). */
interface MessageWords {
  text: string;
  words: Set<string>;
  /** Reused from message to message (a new typed array each time cost more than the look-ups it saves). */
  hits: Uint8Array;
  counted: number;
}

// The last two messages read: the recognizers alternate between a message and its masked copy.
let lastRead: MessageWords = { text: '', words: new Set(), hits: new Uint8Array(0), counted: 0 };
let beforeLast: MessageWords = { text: '', words: new Set(), hits: new Uint8Array(0), counted: 0 };

function messageWords(text: string): MessageWords {
  if (text === lastRead.text) return lastRead;
  const other = beforeLast;
  beforeLast = lastRead;
  lastRead = other;
  if (text !== other.text) {
    other.text = text;
    other.words = new Set(text.toLowerCase().match(/[\p{L}\p{M}'’]+/gu) ?? []);
    other.counted = -1;
  }
  return other;
}

/** The message's slots hit, counted again when a list was added since (only while the recognizers first run). */
function hitsOf(message: MessageWords): Uint8Array {
  if (message.counted !== slotCount) {
    if (message.hits.length < slotCount) message.hits = new Uint8Array(slotCount * 2);
    const hits = message.hits;
    hits.fill(0);
    for (const word of message.words) {
      const slots = slotsByWord.get(word);
      if (slots) for (const slot of slots) hits[slot] = 1;
    }
    message.counted = slotCount;
  }
  return message.hits;
}

/**
 * The message's words, lower-cased (apostrophes kept: "i'm"). Recognizers check it before running their
 * regexes: most messages hold none of a lead-in's words, and a Set look-up costs far less than a scan.
 * Cached for the last two messages, since every recognizer asks for the same ones.
 */
export function wordsOf(text: string): Set<string> {
  return messageWords(text).words;
}

/** True when the message holds any of the words. */
export function hasAnyWord(text: string, words: readonly string[]): boolean {
  const slot = slotOf(words);
  return hitsOf(messageWords(text))[slot] === 1;
}

/** The slot of each reader's `needs`, or -1 for a reader without them (it always runs). */
const readerSlots = new WeakMap<readonly object[], Int32Array>();

/**
 * Which of a list of readers are worth running on a message, by index in ascending order (the list's order):
 * those without `needs`, and those one of whose words the message holds. The message's words are looked up
 * once for all lists (see `slotOf`); the caller then visits only these readers, not the whole list.
 */
export function activeByWords(text: string, readers: ReadonlyArray<{ needs?: readonly string[] }>): number[] {
  let slots = readerSlots.get(readers);
  if (!slots) {
    slots = Int32Array.from(readers, (reader) => (reader.needs ? slotOf(reader.needs) : -1));
    readerSlots.set(readers, slots);
  }
  const hits = hitsOf(messageWords(text));
  const active: number[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as number;
    if (slot < 0 || hits[slot] === 1) active.push(i);
  }
  return active;
}
