/**
 * Deterministic extraction of a visitor's contact details from one chat message. Pure (no I/O, no LLM):
 * it runs on every message. It only reads clear statements ("my name is", "I work at", labelled values)
 * and prefers missing a detail to inventing one: years, prices, order numbers and zip codes are not phones,
 * "I'm interested" is not a name, "I'm from Lahore" is a location and not a company.
 */
import { findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface ExtractedDetails {
  /** The person's name, properly capitalised ("john smith" -> "John Smith"). */
  name?: string;
  /** Validated, lower-cased. */
  email?: string;
  /** E.164, e.g. "+923001234567". */
  phone?: string;
  company?: string;
  /** Short labelled details, e.g. { Budget: "5k", Website: "x.com", Location: "Lahore" }. */
  fields: Record<string, string>;
}

export interface ExtractionOptions {
  /** ISO 3166 alpha-2 country for numbers written without a country code; undefined: international numbers only. */
  defaultCountry: string | undefined;
}

const MAX_FIELD_LENGTH = 100;
/** How far after a lead-in a value is read: enough for any name, company or place. */
const LOOKAHEAD = 200;

// ---------------------------------------------------------------------------------------------------------
// Email

const EMAIL_LOCAL = /^[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*$/;
const EMAIL_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL_TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A sensible RFC 5322 subset, lower-cased, with surrounding punctuation removed; undefined when not valid. */
export function normalizeEmail(raw: string): string | undefined {
  const value = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^[<("'“‘[]+/, '')
    .replace(/[.,;:!?)>"'”’\]]+$/, '')
    .toLowerCase();
  if (value.length > 254) return undefined;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return undefined;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2) return undefined;
  const tld = labels[labels.length - 1] ?? '';
  if (!EMAIL_TLD.test(tld)) return undefined;
  if (!labels.every((label) => EMAIL_LABEL.test(label))) return undefined;
  return `${local}@${domain}`;
}

interface Candidate {
  value: string;
  start: number;
  end: number;
}

// Runs of characters that can hold an address; `|` stays inside so "john|doe@x.com" can be refused whole.
// Bounded so a long run without '@' costs linear time, not quadratic.
const EMAIL_TOKEN = /[^\s<>()[\]{},;"“”]{1,120}@[^\s<>()[\]{},;"“”]{1,255}/g;
// A pipe inside the local part: the old system's favourite bug ("john|doe@x.com" is not doe@x.com).
const PIPE_IN_LOCAL = /[a-z0-9._%+'-]\|[^|@]*@/i;

const EMAIL_FILLERS = new Set(['is', 'at', 'to', 'me', 'on', 'its', "it's", 'it’s', 'address', 'id', 'was', 'now', 'please', 'use', 'here', 'my', 'new', 'actually']);

/** "email: jo hn@x.org": a stray word between the label and the address means the address was split by a space. */
function splitBySpace(text: string, start: number): boolean {
  const before = /\be-?mail(?:\s+(?:address|id))?\s*(?:is\s*|[:=-]\s*)?(\S+)\s+$/i.exec(text.slice(Math.max(0, start - 60), start));
  const word = before?.[1]?.toLowerCase();
  return word !== undefined && !EMAIL_FILLERS.has(word) && /^[a-z0-9._%+-]{1,20}$/.test(word) && /[a-z0-9]/.test(word);
}

function findEmails(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(EMAIL_TOKEN)) {
    const token = m[0];
    if (PIPE_IN_LOCAL.test(token)) continue;
    // A pipe outside the address is a separator ("a@x.com|phone: ...").
    let offset = 0;
    for (const part of token.split('|')) {
      const email = part.includes('@') && !splitBySpace(text, m.index + offset) ? normalizeEmail(part) : undefined;
      if (email) found.push({ value: email, start: m.index + offset, end: m.index + offset + part.length });
      offset += part.length + 1;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Phone

function toCountry(code: string | undefined): CountryCode | undefined {
  if (!code) return undefined;
  const upper = code.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** "0044 20 ..." is international in most of the world: read it as "+44 20 ..." (same length, same offsets). */
function markInternationalZeros(text: string): string {
  return text.replace(/(^|[^\d+])00(?=[1-9])/g, '$1 +');
}

/** E.164 for a valid number, undefined otherwise; numbers without a country code need `defaultCountry`. */
export function normalizePhone(raw: string, defaultCountry: string | undefined): string | undefined {
  const value = raw.trim();
  // Explicit API fields must look like a phone number, not a sentence that contains one.
  if (!/^\+?[\d\s().\-/]{4,30}$/.test(value)) return undefined;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 17) return undefined;
  const international = markInternationalZeros(value).trim();
  const country = toCountry(defaultCountry);
  if (!country && !international.startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(international, country ? { defaultCountry: country } : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

// Words right before a number that make it something else than a phone (an order, a price, a zip code).
const NOT_PHONE_BEFORE =
  /(?:\b(?:order|invoice|inv|ticket|ref|reference|tracking|track|account|acct|a\/c|iban|zip|zipcode|postal|postcode|pin|po|receipt|booking|confirmation|case|serial|sku|cnic|nic|passport|transaction|txn|customer|user|member|membership|policy|claim|registration|reg|license|licence|item|model|part|batch|lot|shipment|parcel|consignment)\b[^\n,;]{0,14}|(?:\$|€|£|₨|\brs\.?|\bpkr|\busd|\beur|\bgbp|\baed|\binr|\bbudget|\bprice|\bcost|\bsalary|\bpay|\bpaid|\bamount|\btotal)\s*[:=-]?\s*(?:of|is|around|about|approx\.?|~)?\s*)$/i;
// A phone word between the order word and the number means the number is a phone after all.
const PHONE_WORD = /\b(?:phone|call|whats\s?app|mobile|mob|cell|tel|telephone|contact|reach|text|sms|ring|dial|landline|fax)\b/i;
const NOT_PHONE_AFTER = /^\s*(?:k\b|m\b|mn\b|million|thousand|lakh|lac|crore|usd|pkr|rs\b|rupees|dollars|euros?|units|pcs|pieces|items|people|users|visitors|employees|%|sq|square|km|kg|miles)/i;

function findPhones(text: string, defaultCountry: string | undefined): Candidate[] {
  // Most messages hold no phone: skip libphonenumber's scan when there are too few digits for one.
  if ((text.match(/\d/g)?.length ?? 0) < 6) return [];
  const country = toCountry(defaultCountry);
  const scanned = markInternationalZeros(text);
  const matches = findPhoneNumbersInText(scanned, country ? { defaultCountry: country } : undefined);
  const found: Candidate[] = [];
  for (const m of matches) {
    if (!m.number.isValid()) continue;
    const before = text.slice(Math.max(0, m.startsAt - 40), m.startsAt);
    const blocker = NOT_PHONE_BEFORE.exec(before);
    if (blocker && !PHONE_WORD.test(blocker[0])) continue;
    if (NOT_PHONE_AFTER.test(text.slice(m.endsAt, m.endsAt + 12))) continue;
    // A number glued to letters or slashes is a code or a date, not a phone ("AB12345678", "12/05/2024").
    if (/[\p{L}/#]$/u.test(text.slice(0, m.startsAt)) || /^[\p{L}/]/u.test(text.slice(m.endsAt))) continue;
    found.push({ value: m.number.number, start: m.startsAt, end: m.endsAt });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Words: names, companies, places

/** Words that follow "I'm", "this is", "we are" and are not names. Lower case. */
const NOT_NAME_WORDS = new Set(
  `i i'm i’m im me my mine we us our you your he she they them it
  interested looking from not a an the good fine great well ok okay okey here there sure unsure just also very really so too
  trying planning thinking wondering calling writing reaching contacting asking hoping going getting having doing making
  in on at with for to of by about into available free busy ready happy glad new still currently based living located
  working work sorry afraid curious keen eager excited confused lost stuck done back home out away late early alone
  developer designer engineer student owner manager founder freelancer consultant ceo cto cfo coo director marketer
  doctor teacher lawyer agent startup company business small big searching seeking need needing wanting
  want like would will can could should might may must shall do does did is are was were be been being am has have
  had and or but if then than that this these those it its it's what which who whom whose when where why how
  yes no yeah yep nope hi hello hey thanks thank please dear sir madam team everyone all any some none each every
  calling messaging texting emailing inquiring enquiring requesting following replying responding checking
  today tomorrow tonight now later soon asap anytime anyway again after before morning afternoon evening night
  monday tuesday wednesday thursday friday saturday sunday january february march april june july august
  september october november december weekday weekend pakistani american british indian german canadian australian
  customer client visitor user buyer seller myself ourselves someone somebody nobody anyone anybody
  more less much many most least few little only even ever never always often sometimes usually
  open closed urgent important satisfied disappointed unhappy impressed surprised worried concerned
  human bot robot real serious kidding joking hungry tired sick better worse best worst`
    .split(/\s+/)
    .filter(Boolean),
);

/** Titles dropped before a name ("Dr. Ahmed Khan" -> "Ahmed Khan"). */
const TITLES = /^(?:mr|mrs|ms|miss|mx|dr|prof|engr|eng|sir|madam|mister)\.?\s+/i;

const COMPANY_SUFFIXES = new Set(
  `ltd ltd. limited llc l.l.c. llp plc inc inc. incorporated gmbh ag sa s.a. bv b.v. pvt pvt. private co co. company corp
  corp. corporation solutions technologies technology tech studio studios group labs lab systems consulting consultants
  agency enterprises enterprise partners industries holdings software services media digital ventures traders trading
  associates logistics pharma pharmaceuticals textiles motors international global foods networks analytics marketing
  designs interactive works apps ai`
    .split(/\s+/)
    .filter(Boolean),
);
// Suffixes that make "from/at/with X" a company on their own; weak ones ("Services", "Digital") do not.
const STRONG_COMPANY_SUFFIXES = new Set(
  `ltd ltd. limited llc l.l.c. llp plc inc inc. incorporated gmbh ag sa s.a. bv b.v. pvt pvt. private co co. company
  corp corp. corporation solutions technologies studio studios group labs systems consulting agency enterprises partners
  industries holdings ventures traders associates`
    .split(/\s+/)
    .filter(Boolean),
);
// Suffix abbreviations whose dot does not end the sentence.
const ABBREVIATION_SUFFIXES = new Set(['ltd', 'pvt', 'inc', 'co', 'corp', 'llc', 'l.l.c', 's.a', 'b.v']);

/** A few well-known places so "this is Sara from Karachi" and "I am Dubai based" stay out of names and companies. */
const KNOWN_PLACES = new Set(
  `lahore karachi islamabad rawalpindi faisalabad multan peshawar quetta sialkot gujranwala hyderabad pakistan
  london manchester birmingham england uk scotland wales ireland dublin berlin munich hamburg germany paris france
  madrid spain rome italy amsterdam netherlands dubai sharjah abu uae riyadh jeddah saudi doha qatar kuwait
  muscat oman bahrain new york california texas chicago boston seattle usa america canada toronto vancouver
  sydney melbourne australia delhi mumbai bangalore india dhaka bangladesh istanbul turkey cairo egypt
  lagos nigeria nairobi kenya singapore tokyo japan beijing china`
    .split(/\s+/)
    .filter(Boolean),
);

const PAREN_SUFFIX = /\((pvt\.?|private|smc-pvt\.?|smc)\)/gi;

interface Token {
  word: string;
  /** The token ended with a sentence dot (not an abbreviation's). */
  endsSentence: boolean;
}

/** Splits the text after a lead-in into words, up to the end of its clause. */
function readTokens(text: string, limit: number): Token[] {
  // "(Pvt) Ltd" is part of a company name, other brackets end the clause.
  const clause = text.slice(0, 160).replace(PAREN_SUFFIX, '\u0001$1\u0002').split(/[,;:!?\n()[\]{}"“”/|<>@]|\s[-–—]\s|\.\s*$/)[0] ?? '';
  const tokens: Token[] = [];
  for (const raw of clause.trim().split(/\s+/)) {
    if (!raw) break;
    const stripped = raw.replace(/^['‘’]+/, '').replace(/['‘’]+$/, '').replace('\u0001', '(').replace('\u0002', ')');
    const dotted = stripped.endsWith('.');
    const word = dotted ? stripped.slice(0, -1) : stripped;
    if (!word) break;
    const abbreviation = dotted && ABBREVIATION_SUFFIXES.has(word.toLowerCase());
    tokens.push({ word: abbreviation ? stripped : word, endsSentence: dotted && !abbreviation });
    if (tokens.length >= limit || (dotted && !abbreviation)) break;
  }
  return tokens;
}

const NAME_WORD = /^[\p{L}][\p{L}\p{M}'’-]*$/u;

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function isCompanySuffix(word: string): boolean {
  return COMPANY_SUFFIXES.has(word.toLowerCase());
}

function capitaliseWord(word: string): string {
  // Keep deliberate mixed case ("McDonald", "DeShawn"); fix all-lower and all-upper words.
  if (word !== word.toLowerCase() && word !== word.toUpperCase()) return word;
  return word
    .toLowerCase()
    .replace(/(^|['’-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** One to three words of letters (apostrophes and hyphens inside), properly capitalised; undefined otherwise. */
export function normalizeName(raw: string): string | undefined {
  const words = raw.trim().replace(TITLES, '').split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 3) return undefined;
  if (!words.every((w) => NAME_WORD.test(w) && !/['’-]$/.test(w))) return undefined;
  const name = words.map(capitaliseWord).join(' ');
  if (name.replace(/[^\p{L}]/gu, '').length < 2 || name.length > 60) return undefined;
  return name;
}

/**
 * Reads a name after a lead-in. `strict`: every word must be capitalised (for "I'm X", "this is X", where
 * X could be anything); otherwise the lead-in itself is clear ("my name is") and lower case is fine.
 */
function readName(after: string, strict: boolean): string | undefined {
  const tokens = readTokens(after.replace(TITLES, ''), 4);
  const words: string[] = [];
  for (const { word, endsSentence } of tokens) {
    const lower = word.toLowerCase();
    const nameLike = NAME_WORD.test(word) && !NOT_NAME_WORDS.has(lower) && !KNOWN_PLACES.has(lower);
    if (!nameLike || (strict && !isCapitalised(word))) break;
    if (isCompanySuffix(word)) return undefined; // "We are Acme Solutions" is a company, not a person
    words.push(word);
    if (words.length === 3 || endsSentence) break;
  }
  if (words.length === 0) return undefined;
  return normalizeName(words.join(' '));
}

/**
 * Reads a company after a lead-in: capitalised words (or digits), suffixes in any case, "&" and "of" inside.
 * `needSuffix`: only accept it when it ends with a company suffix ("from Acme Ltd", not "from Lahore").
 */
function readCompany(after: string, needSuffix: boolean, allowLowerStart = false): string | undefined {
  const tokens = readTokens(after.replace(/^(?:the|a|an)\s+(?=\p{Lu})/iu, ''), 7);
  const words: string[] = [];
  let lastSuffix = -1;
  for (const { word, endsSentence } of tokens) {
    const lower = word.toLowerCase();
    const bare = lower.replace(/^\((.*)\)$/, '$1');
    const suffix = isCompanySuffix(bare) || ABBREVIATION_SUFFIXES.has(bare.replace(/\.$/, ''));
    const connector = words.length > 0 && (word === '&' || lower === 'of' || lower === 'and') && !endsSentence;
    const wordLike = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}'’&.+-]*$/u.test(word) || (suffix && word.startsWith('('));
    const first = words.length === 0;
    const lead = wordLike && (isCapitalised(word) || /^\p{N}/u.test(word) || (first && allowLowerStart));
    if (first && NOT_NAME_WORDS.has(lower) && !suffix) break;
    if (!(connector || (wordLike && (suffix && !first)) || lead)) break;
    if (!first && !suffix && !connector && NOT_NAME_WORDS.has(lower)) break;
    words.push(word);
    if (suffix && !first && (!needSuffix || STRONG_COMPANY_SUFFIXES.has(bare))) lastSuffix = words.length - 1;
    if (endsSentence) break;
  }
  // "and" / "of" / "&" cannot end a company name.
  while (words.length > 0 && /^(?:&|of|and)$/i.test(words[words.length - 1] ?? '')) words.pop();
  if (needSuffix) {
    if (lastSuffix < 0) return undefined;
    words.length = lastSuffix + 1;
  }
  // "Acme company" means the company Acme.
  if (words.length > 1 && words[words.length - 1] === 'company') words.pop();
  if (words.length === 0) return undefined;
  const company = words.join(' ').replace(/[.,]+$/, '');
  if (KNOWN_PLACES.has(company.toLowerCase()) || company.length < 2 || company.length > MAX_FIELD_LENGTH) return undefined;
  return company;
}

/** Capitalised place words, with one ", Country" tail ("Lahore, Pakistan"). */
function readPlace(after: string): string | undefined {
  const parts: string[] = [];
  let rest = after;
  for (let i = 0; i < 2; i++) {
    const tokens = readTokens(rest, 3);
    const words: string[] = [];
    for (const { word, endsSentence } of tokens) {
      const lower = word.toLowerCase();
      if (!NAME_WORD.test(word) || !isCapitalised(word) || (NOT_NAME_WORDS.has(lower) && !KNOWN_PLACES.has(lower))) break;
      words.push(word);
      if (endsSentence) break;
    }
    if (words.length === 0) break;
    parts.push(words.join(' '));
    const consumed = rest.indexOf(words[words.length - 1] ?? '') + (words[words.length - 1] ?? '').length;
    const tail = /^\s*,\s*/.exec(rest.slice(consumed));
    if (!tail || words.length !== tokens.length) break;
    rest = rest.slice(consumed + tail[0].length);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Lead-ins

const NAME_LEAD_INS: Array<{ re: RegExp; strict: boolean }> = [
  { re: /\bmy\s+(?:full\s+|first\s+)?name\s*(?:is|'s|’s|=|:|-)\s*/giu, strict: false },
  { re: /(?:^|[^\p{L}\s]\s*|\b(?:and|,)\s+)(?:(?:full|first)\s+)?name\s*[:=]\s*/giu, strict: false },
  { re: /\b(?:i'm|i’m|im|i\s+am)\s+/giu, strict: true },
  { re: /\bthis\s+is\s+/giu, strict: true },
  { re: /\b(?:call|address)\s+me\s+/giu, strict: true },
  { re: /\b(?:it's|it’s|it\s+is)\s+(?=\p{L}+\s+(?:here|from|speaking)\b)/giu, strict: true },
];
// "Sara Khan here": at the start of the message or a sentence, or after a greeting.
const NAME_HERE =
  /(?:^|[.!?\n]\s*|\b(?:hi+|hiya|hello|hey+|heya|howdy|greetings|yo|salam|salaam|aoa|assalam\s*o?\s*alaikum|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:team|there|all|guys|everyone))?\s*[,!.]?\s+)((?:[\p{L}'’-]+\s+){1,3})(?:from\s+[^.!?\n,]{1,60}?\s+)?(?:here|speaking)\b/giu;

const COMPANY_LEAD_INS: Array<{ re: RegExp; needSuffix: boolean; allowLower?: boolean }> = [
  { re: /\b(?:i|we)\s+(?:currently\s+)?work\s+(?:at|for|with)\s+/giu, needSuffix: false },
  { re: /\b(?:i'm|i’m|im|i\s+am)\s+(?:currently\s+)?(?:working|employed)\s+(?:at|for|with)\s+/giu, needSuffix: false },
  {
    re: /\b(?:my|our)\s+(?:company|business|firm|organi[sz]ation|startup|agency|brand)(?:'s|’s)?\s+(?:is\s+)?(?:name\s+is|is\s+called|called|named|name\s*[:=-])\s*/giu,
    needSuffix: false,
    allowLower: true,
  },
  { re: /\b(?:my|our|the)\s+(?:company|firm|organi[sz]ation|startup|agency)\s+is\s+/giu, needSuffix: false },
  { re: /(?:^|[^\p{L}\s]\s*|\b(?:and)\s+)(?:company|company\s+name|business\s+name|organi[sz]ation|employer)\s*[:=]\s*/giu, needSuffix: false, allowLower: true },
  { re: /\b(?:company|business|startup|agency|firm|shop|store|brand)\s+(?:called|named)\s+/giu, needSuffix: false },
  { re: /\b[Ww]e(?:\s+are|'re|’re)\s+(?=\p{Lu})/gu, needSuffix: false },
  { re: /\b(?:from|at|with|for)\s+(?:the\s+)?company\s+/giu, needSuffix: false },
  // Weak words ("Services", "Digital") are everywhere in requests: a bare "from X" needs a strong suffix.
  { re: /\b(?:from|at|with)\s+/giu, needSuffix: true },
];

const LOCATION_LEAD_INS: RegExp[] = [
  /\b(?:i'm|i’m|im|i\s+am|we're|we’re|we\s+are)\s+(?:originally\s+)?from\s+/giu,
  /\b(?:based|located|situated)\s+(?:in|out\s+of|at)\s+/giu,
  /\b(?:i|we)\s+(?:live|stay|reside)\s+in\s+/giu,
  /\b(?:living|staying)\s+in\s+/giu,
  /\b(?:[Ii]['’]?m|I\s+am|[Ww]e['’]re|[Ww]e\s+are)\s+in\s+(?=\p{Lu})/gu,
  /(?:^|[^\p{L}\s]\s*|\b(?:and)\s+)(?:location|city|country)\s*[:=]\s*/giu,
];

// ---------------------------------------------------------------------------------------------------------
// Choosing among several values: a later correction wins

const CORRECTION = /\b(?:actually|correction|corrected|sorry|i\s+mean|i\s+meant|new|correct|updated|update|instead(?!\s+of)|oops|typo|my\s+bad|scratch\s+that|rather(?!\s+than)|changed)\b/gi;
const DEMOTION = /\b(?:old|previous|former|wrong|outdated|no\s+longer|not|instead\s+of|rather\s+than|incorrect)\b/gi;
// Said right after a value: "0300 1111111, that's the old one".
const DEMOTION_AFTER = /^[^.!?\n]{0,20}?\b(?:that's|that’s|that\s+is|this\s+is|it's|it’s|which\s+is)\s+(?:the|my|an?)?\s*(?:old|wrong|previous|outdated|former)\b/i;

/** Where the last match of the global `re` starts in `text`, or -1. */
function lastMatchAt(text: string, re: RegExp): number {
  let at = -1;
  for (const m of text.matchAll(re)) at = m.index;
  return at;
}

function pickCandidate(text: string, candidates: Candidate[]): string | undefined {
  const sorted = [...candidates].sort((a, b) => a.start - b.start);
  let lastCorrected: Candidate | undefined;
  let firstKept: Candidate | undefined;
  let previousEnd = 0;
  for (const [i, c] of sorted.entries()) {
    const window = text.slice(Math.max(previousEnd, c.start - 40), c.start);
    previousEnd = c.end;
    // A denial counts only in the value's own sentence ("I have no website. My number is ...").
    const sentence = window.slice(Math.max(...['.', '!', '?', '\n'].map((b) => window.lastIndexOf(b))) + 1);
    const demotion = lastMatchAt(sentence, DEMOTION);
    const demotedAt = demotion < 0 ? -1 : window.length - sentence.length + demotion;
    const correctedAt = i > 0 ? lastMatchAt(window, CORRECTION) : -1;
    const next = sorted[i + 1];
    const after = text.slice(c.end, next ? next.start : c.end + 60);
    // Whichever is said last wins: "the old one, the correct one is X" corrects; "new: X, not Y" demotes Y.
    if ((demotedAt >= 0 && demotedAt > correctedAt) || DEMOTION_AFTER.test(after)) continue;
    if (correctedAt >= 0) lastCorrected = c;
    firstKept ??= c;
  }
  return (lastCorrected ?? firstKept ?? sorted[sorted.length - 1])?.value;
}

// ---------------------------------------------------------------------------------------------------------
// Labelled fields

const MONEY =
  /(?:(?:us\$|\$|€|£|₨|rs\.?|pkr|usd|eur|gbp|aed|inr)\s*)?\d[\d,.]*\s*(?:k|m|mn|million|thousand|lakh|lac|crore)?\b(?:\s*(?:-|–|to)\s*(?:(?:\$|€|£|rs\.?)\s*)?\d[\d,.]*\s*(?:k|m|mn|million|thousand|lakh|lac|crore)?\b)?(?:\s*(?:usd|pkr|dollars|rupees|euros?|gbp|aed|inr|per\s+month|a\s+month|\/\s*month|monthly|per\s+year|a\s+year|\/\s*year|yearly))?/iy;
const BUDGET_LEAD_IN = /\bbudget\b(?:\s+(?:is|of|would\s+be|will\s+be|is\s+about|is\s+around|:|=|-|for\s+this\s+is|for\s+this|for\s+it\s+is))?\s*[:=-]?\s*(?:(?:around|about|approx\.?|approximately|roughly|max|maximum|up\s+to|upto|under|below|~|only|between|close\s+to|nearly)\s+)*(?:~\s*)?/giu;

const DOMAIN = /(?:https?:\/\/)?(?:www\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}(?::\d{2,5})?(?:\/[^\s,;!?"'<>()]*)?/iy;
const WEBSITE_LEAD_IN = /\b(?:website|web\s*site|site|url|domain|web\s*page|webpage|homepage)\b(?:\s+(?:is|address\s+is|url\s+is|link\s+is|at|:|=|-)){0,2}\s*[:=-]?\s*(?:at\s+)?/giu;

const TIMELINE_LEAD_IN = /\b(?:timeline|timeframe|time\s+frame|deadline)\b(?:\s+(?:is|of|would\s+be|will\s+be))?\s*[:=-]?\s*/giu;
const TIMELINE_WITHIN = /\b(?:within|in\s+the\s+next)\s+((?:\d+|a|one|two|three|four|five|six|a\s+couple\s+of|a\s+few)(?:\s*-\s*\d+)?\s+(?:days?|weeks?|months?))\b/giu;

function readMoney(text: string, at: number): string | undefined {
  MONEY.lastIndex = at;
  const m = MONEY.exec(text);
  return m ? m[0].trim().replace(/[.,]+$/, '') : undefined;
}

function readWebsite(text: string, at: number): string | undefined {
  DOMAIN.lastIndex = at;
  const m = DOMAIN.exec(text);
  if (!m) return undefined;
  if (text[at + m[0].length] === '@' || text[at - 1] === '@') return undefined;
  return m[0].replace(/[.,:;!?)]+$/, '');
}

function readClause(text: string, at: number): string | undefined {
  const value = (text.slice(at, at + LOOKAHEAD).split(/[.,;!?\n]|\s+(?:and|but)\s+/)[0] ?? '').trim();
  return value ? value : undefined;
}

function collect(text: string, re: RegExp, read: (text: string, at: number) => string | undefined): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(re)) {
    const at = m.index + m[0].length;
    const value = read(text, at);
    if (value) found.push({ value, start: at, end: at + value.length });
  }
  return found;
}

function cap(value: string): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_FIELD_LENGTH ? `${trimmed.slice(0, MAX_FIELD_LENGTH - 1).trimEnd()}…` : trimmed;
}

// ---------------------------------------------------------------------------------------------------------

/** Removes emails and URLs (keeping offsets) so their digits are not read as phones or their words as names. */
function maskLinks(text: string): string {
  return text
    .replace(EMAIL_TOKEN, (m) => m.split('|').map((part) => (part.includes('@') ? ' '.repeat(part.length) : part)).join('|'))
    .replace(/\b(?:https?:\/\/|www\.)[^\s]+/gi, (m) => ' '.repeat(m.length));
}

export function extractDetails(message: string, options: ExtractionOptions): ExtractedDetails {
  const text = message.normalize('NFC');
  const out: ExtractedDetails = { fields: {} };
  const masked = maskLinks(text);

  const email = pickCandidate(text, findEmails(text));
  if (email) out.email = email;

  const phone = pickCandidate(masked, findPhones(masked, options.defaultCountry));
  if (phone) out.phone = phone;

  const names: Candidate[] = [];
  for (const { re, strict } of NAME_LEAD_INS) {
    for (const m of masked.matchAll(re)) {
      const at = m.index + m[0].length;
      // "company name: X", "your name is X" are not the visitor's name.
      const nameAt = m[0].search(/name/i);
      if (nameAt >= 0 && /\b(?:company|business|brand|user|file|project|domain|site|website|your|his|her|their|its|our)\s*$/i.test(masked.slice(Math.max(0, m.index - 12), m.index + nameAt))) continue;
      const name = readName(masked.slice(at, at + LOOKAHEAD), strict);
      if (name) names.push({ value: name, start: at, end: at + name.length });
    }
  }
  for (const m of masked.matchAll(NAME_HERE)) {
    const words = m[1] ?? '';
    const at = m.index + m[0].indexOf(words);
    const name = readName(words, true);
    if (name && name.split(' ').length === words.trim().split(/\s+/).length) names.push({ value: name, start: at, end: at + words.length });
  }
  // "my name is Jon, I mean John": a correction after a name already given names the person again.
  if (names.length > 0) {
    for (const m of masked.matchAll(/\b(?:i\s+mean|i\s+meant|sorry|correction|actually|it's|it’s|it\s+is)\s*[,:]?\s+(?=\p{Lu})/giu)) {
      const at = m.index + m[0].length;
      const name = at > (names[0]?.start ?? 0) ? readName(masked.slice(at, at + LOOKAHEAD), true) : undefined;
      if (name) names.push({ value: name, start: at, end: at + name.length });
    }
  }
  const name = pickCandidate(masked, names);
  if (name) out.name = name;

  const companies: Candidate[] = [];
  for (const { re, needSuffix, allowLower } of COMPANY_LEAD_INS) {
    for (const m of masked.matchAll(re)) {
      const at = m.index + m[0].length;
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), needSuffix, allowLower ?? false);
      if (company && company !== out.name) companies.push({ value: company, start: at, end: at + company.length });
    }
  }
  const company = pickCandidate(masked, dedupeByStart(companies));
  if (company) out.company = company;

  const places: Candidate[] = [];
  for (const re of LOCATION_LEAD_INS) {
    for (const m of masked.matchAll(re)) {
      const at = m.index + m[0].length;
      const place = readPlace(masked.slice(at, at + LOOKAHEAD).replace(/^\d{4,6},?\s+/, ''));
      // "I'm from Acme Ltd" is the company, not a place.
      if (place && !(out.company && place.startsWith(out.company.split(' ')[0] ?? '')) && !place.split(/[\s,]+/).some(isCompanySuffix)) {
        places.push({ value: place, start: at, end: at + place.length });
      }
    }
  }
  // "this is Sara from Karachi": a known place after "from" is a location.
  for (const m of masked.matchAll(/\bfrom\s+(\p{Lu}[\p{L}]+)/gu)) {
    if (KNOWN_PLACES.has((m[1] ?? '').toLowerCase())) {
      const at = m.index + m[0].length - (m[1] ?? '').length;
      const place = readPlace(masked.slice(at, at + LOOKAHEAD));
      if (place) places.push({ value: place, start: at, end: at + place.length });
    }
  }
  const location = pickCandidate(masked, dedupeByStart(places));
  if (location) out.fields.Location = cap(location);

  const budget = pickCandidate(masked, collect(masked, BUDGET_LEAD_IN, readMoney));
  if (budget) out.fields.Budget = cap(budget);

  const website = pickCandidate(text, collect(text, WEBSITE_LEAD_IN, readWebsite));
  if (website) out.fields.Website = cap(website);

  const timelines = collect(masked, TIMELINE_LEAD_IN, readClause);
  if (timelines.length === 0) {
    for (const m of masked.matchAll(TIMELINE_WITHIN)) {
      const value = m[1] ?? '';
      timelines.push({ value, start: m.index, end: m.index + m[0].length });
    }
  }
  const timeline = pickCandidate(masked, timelines);
  if (timeline) out.fields.Timeline = cap(timeline);

  return out;
}

/** Several lead-ins can read the same spot ("we are" and "from"): keep the longest reading of each start. */
function dedupeByStart(candidates: Candidate[]): Candidate[] {
  const byStart = new Map<number, Candidate>();
  for (const c of candidates) {
    const seen = byStart.get(c.start);
    if (!seen || c.value.length > seen.value.length) byStart.set(c.start, c);
  }
  return [...byStart.values()];
}
