/**
 * The zone a visitor names beside a time: an offset ("GMT+4", "UTC-05:30"), an abbreviation ("CET", "ET",
 * "IST"), a region ("Pacific time"), a place ("9am London time", "3pm in Tokyo"), or "my time" (the
 * visitor's zone) and "your time" (the business's). Abbreviations and places name IANA zones, never fixed
 * offsets, so "10:00 CET" in July is 10:00 in Berlin (CEST) and "3pm New York time" follows New York's
 * daylight saving time; only GMT/UTC and written offsets are fixed. Places come from place-zones.json (built
 * from city and country data by `npm run lexicons`) and from the IANA zone names themselves.
 */
import { createRequire } from 'node:module';
import { FixedOffsetZone, IANAZone } from 'luxon';

/** A zone found in the text, and where (so the time reader can blank it before chrono reads the rest). */
export interface ZonePhrase {
  /** An IANA name or a fixed offset luxon reads ("UTC+4"). */
  zone: string;
  index: number;
  length: number;
}

/**
 * Abbreviations and region words, by the zone they usually mean (US readings for the ambiguous CST and
 * AST, as chrono and most visitors use them; "CET" whatever the season, per the contract's reading).
 */
const ABBREVIATIONS: Record<string, string> = {
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  AST: 'America/Halifax',
  ADT: 'America/Halifax',
  NST: 'America/St_Johns',
  BRT: 'America/Sao_Paulo',
  ART: 'America/Argentina/Buenos_Aires',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  BST: 'Europe/London',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  MEZ: 'Europe/Berlin',
  MESZ: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  SAST: 'Africa/Johannesburg',
  WAT: 'Africa/Lagos',
  CAT: 'Africa/Maputo',
  EAT: 'Africa/Nairobi',
  GST: 'Asia/Dubai',
  PKT: 'Asia/Karachi',
  IST: 'Asia/Kolkata',
  ICT: 'Asia/Bangkok',
  WIB: 'Asia/Jakarta',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  PHT: 'Asia/Manila',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  AET: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  NZT: 'Pacific/Auckland',
};

/** Regions and nicknames people put before "time" that no gazetteer lists as a city or country. */
const REGIONS: Record<string, string> = {
  eastern: 'America/New_York',
  'us eastern': 'America/New_York',
  'east coast': 'America/New_York',
  ny: 'America/New_York',
  nyc: 'America/New_York',
  central: 'America/Chicago',
  'us central': 'America/Chicago',
  mountain: 'America/Denver',
  pacific: 'America/Los_Angeles',
  'us pacific': 'America/Los_Angeles',
  'west coast': 'America/Los_Angeles',
  sf: 'America/Los_Angeles',
  'bay area': 'America/Los_Angeles',
  'silicon valley': 'America/Los_Angeles',
  'central european': 'Europe/Berlin',
  'central europe': 'Europe/Berlin',
  'western european': 'Europe/Lisbon',
  'eastern european': 'Europe/Athens',
  england: 'Europe/London',
  scotland: 'Europe/London',
  wales: 'Europe/London',
  britain: 'Europe/London',
  british: 'Europe/London',
  'british summer': 'Europe/London',
  'greenwich mean': 'UTC',
  'uk summer': 'Europe/London',
  indian: 'Asia/Kolkata',
  'india standard': 'Asia/Kolkata',
  'indian standard': 'Asia/Kolkata',
  gulf: 'Asia/Dubai',
  'gulf standard': 'Asia/Dubai',
  uae: 'Asia/Dubai',
  japan: 'Asia/Tokyo',
  'sydney australia': 'Australia/Sydney',
  zulu: 'UTC',
  utc: 'UTC',
  gmt: 'UTC',
};

/** Words before "time" that are not a place even where a town bears the name ("nice time", "reading time"). */
const NOT_PLACES = new Set(
  (
    'my your our their his her its the a an this that these those same lunch dinner tea breakfast local any ' +
    'what which free good best nice great right wrong exact correct first last next other some every each one no ' +
    'full part half over up down opening closing start end business office working work meeting real prime peak ' +
    'quiet spare short long more less much enough own reading split mobile van orange surprise independence ' +
    'standard daylight summer winter bed play screen face server system in at on by for from of to'
  ).split(' '),
);

type PlaceTable = Record<string, string>;
let placeTable: PlaceTable | undefined;
let ianaCities: Map<string, string> | undefined;

/** The built city/country table, read on first use (about 90 KB). */
function places(): PlaceTable {
  placeTable ??= createRequire(import.meta.url)('./place-zones.json') as PlaceTable;
  return placeTable;
}

/** "new york" -> "America/New_York", from the zone names the runtime knows. */
function zoneCities(): Map<string, string> {
  if (!ianaCities) {
    ianaCities = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = zone.split('/').pop();
      if (city && zone.includes('/')) ianaCities.set(city.replace(/_/g, ' ').toLowerCase(), zone);
    }
  }
  return ianaCities;
}

/** The zone a place name means, if it names one. */
export function zoneOfPlace(name: string): string | undefined {
  const key = name
    .toLowerCase()
    .replace(/[.’']/g, '')
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (key.length < 2 || NOT_PLACES.has(key)) return undefined;
  return REGIONS[key] ?? zoneCities().get(key) ?? places()[key];
}

const SIGN = '[+\\-\u2212]';
const OFFSET = new RegExp(`\\b(?:GMT|UTC|UT)\\s?(${SIGN})\\s?(\\d{1,2})(?::?(\\d{2}))?\\b`, 'i');
const UTC_WORD = /\b(?:GMT|UTC|zulu)\b/i;
const ABBREVIATION = new RegExp(`\\b(${Object.keys(ABBREVIATIONS).join('|')})\\b`, 'gi');
// "5pm my time", "my local time", "in my timezone", "your time".
const OWN_TIME = /\b(?:(?:in|at)\s+)?(my|your|our|local)(?:\s+local)?\s+(?:time(?:\s?zone)?|tz)\b/i;
// Up to three words then "time"/"timezone": "New York time", "in London time", "(US Pacific time)".
const PLACE_TIME = /((?:[\p{L}.'’-]+\s+){0,2}[\p{L}.'’-]+)\s+(?:time(?:\s?zone)?|standard time)\b/giu;
// The same in the other languages the reader reads: "hora de Madrid", "heure de Paris", "horário de Brasília",
// "ora di Roma", "tijd van Amsterdam"; and German "Londoner Zeit", "New Yorker Zeit" (the place, then -er).
const FOREIGN_PLACE_TIME =
  /(?<!\p{L})(?:hora|horario|horário|heure|ora|tijd)\s+(?:de|del|di|da|do|van)\s+((?:[\p{L}.'’-]+\s+){0,2}[\p{L}.'’-]+)/giu;
const GERMAN_PLACE_TIME = /((?:[\p{L}.'’-]+\s+)?[\p{L}.'’-]+?)er\s+Zeit(?!\p{L})/gu;
// "3pm in Tokyo", "10:30 in new york", "11am Eastern": a place right after a clock time.
const TIME_IN_PLACE = /(?:\d(?:\s?[ap]\.?m\.?)?|noon|midday)\s+((?:in\s+)?)((?:[\p{L}.'’-]+\s+){0,2}[\p{L}.'’-]+)/giu;

function fixedOffset(sign: string, hours: string, minutes: string | undefined): string | undefined {
  const total = (Number(hours) * 60 + Number(minutes ?? 0)) * (sign === '+' ? 1 : -1);
  if (Math.abs(total) > 14 * 60) return undefined;
  return FixedOffsetZone.instance(total).name;
}

/** The longest tail of `words` (up to three) that names a place, with how many characters it spans from its end. */
function placeAtEnd(words: string): { zone: string; length: number } | undefined {
  // "Pacific Standard Time", "British Summer Time": the season word names no place.
  const season = /\s+(?:standard|daylight|summer)$/i.exec(words);
  if (season) {
    const place = placeAtEnd(words.slice(0, season.index));
    return place && { zone: place.zone, length: place.length + season[0].length };
  }
  const parts = words.split(/\s+/);
  for (let n = Math.min(3, parts.length); n >= 1; n--) {
    const name = parts.slice(-n).join(' ');
    const zone = zoneOfPlace(name);
    if (zone) return { zone, length: name.length };
  }
  return undefined;
}

/** "Brasília" as the place table spells it ("brasilia"), when that keeps its length (positions in the text hold). */
function withoutAccents(words: string): string {
  const plain = words.normalize('NFD').replace(/\p{M}/gu, '');
  return plain.length === words.length ? plain : words;
}

/** The longest head of `words` (up to three) that names a place. */
function placeAtStart(words: string): { zone: string; length: number } | undefined {
  const parts = words.split(/\s+/);
  for (let n = Math.min(3, parts.length); n >= 1; n--) {
    const name = parts.slice(0, n).join(' ');
    const zone = zoneOfPlace(name);
    if (zone) return { zone, length: name.length };
  }
  return undefined;
}

/** An abbreviation counts in capitals anywhere, or in any case right after a clock time ("3pm est"). */
function isAbbreviationUse(text: string, index: number, word: string): boolean {
  if (word === word.toUpperCase()) return true;
  return /(?:\d|[ap]\.?m\.?|h)\s*$/i.test(text.slice(Math.max(0, index - 8), index));
}

/**
 * The first zone the text names, if any. `visitorZone` answers "my time"; without it "my time" names
 * nothing (the business zone then applies). `businessZone` answers "your time".
 */
export function findZonePhrase(text: string, businessZone: string, visitorZone?: string): ZonePhrase | undefined {
  const found: ZonePhrase[] = [];
  const offset = OFFSET.exec(text);
  if (offset) {
    const zone = fixedOffset(offset[1] === '+' ? '+' : '-', offset[2] ?? '0', offset[3]);
    if (zone) found.push({ zone, index: offset.index, length: offset[0].length });
  }
  const own = OWN_TIME.exec(text);
  if (own) {
    const whose = own[1]?.toLowerCase();
    const zone = whose === 'your' || whose === 'our' ? businessZone : visitorZone;
    if (zone) found.push({ zone, index: own.index, length: own[0].length });
    else found.push({ zone: businessZone, index: own.index, length: own[0].length });
  }
  for (const m of text.matchAll(PLACE_TIME)) {
    const words = m[1] ?? '';
    const place = placeAtEnd(words);
    if (!place) continue;
    const start = m.index + words.length - place.length;
    found.push({ zone: place.zone, index: start, length: m[0].length - (start - m.index) });
  }
  for (const m of text.matchAll(FOREIGN_PLACE_TIME)) {
    const place = placeAtStart(withoutAccents(m[1] ?? ''));
    if (place)
      found.push({ zone: place.zone, index: m.index, length: m[0].length - (m[1]?.length ?? 0) + place.length });
  }
  for (const m of text.matchAll(GERMAN_PLACE_TIME)) {
    const place = placeAtEnd(m[1] ?? '');
    if (place) found.push({ zone: place.zone, index: m.index, length: m[0].length });
  }
  for (const m of text.matchAll(TIME_IN_PLACE)) {
    const words = m[2] ?? '';
    const place = placeAtStart(words);
    if (!place) continue;
    const wordsAt = m.index + m[0].length - words.length;
    const from = wordsAt - (m[1]?.length ?? 0);
    found.push({ zone: place.zone, index: from, length: wordsAt - from + place.length });
  }
  for (const m of text.matchAll(ABBREVIATION)) {
    const word = m[1] ?? '';
    const zone = ABBREVIATIONS[word.toUpperCase()];
    if (zone && isAbbreviationUse(text, m.index, word)) found.push({ zone, index: m.index, length: word.length });
  }
  if (!offset) {
    const utc = UTC_WORD.exec(text);
    if (utc) found.push({ zone: 'UTC', index: utc.index, length: utc[0].length });
  }
  // IANAZone.create is cached per name (our tables and the validated visitor zone: a bounded set).
  const valid = found.filter((f) => f.zone.startsWith('UTC') || IANAZone.create(f.zone).isValid);
  return valid.sort((a, b) => a.index - b.index)[0];
}
