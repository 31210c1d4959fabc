/**
 * Short labelled details beside the contact fields: Location ("I'm from Lahore", "based in Berlin"),
 * Budget, Website and Timeline.
 */
import { isPlace } from './lexicons/places.js';
import { isCompanyEnding } from './lexicons/legal-forms.js';
import { NOT_NAME_WORDS } from './lexicons/words.js';
import { pickCandidate } from './choose-candidate.js';
import {
  cap,
  dedupeByStart,
  hasAnyWord,
  isCapitalised,
  matchesOf,
  NAME_WORD,
  readTokens,
  type Candidate,
} from './text.js';

const LOOKAHEAD = 200;

const LOCATION_LEAD_INS: RegExp[] = [
  /\b(?:i'm|i’m|im|i\s+am|we're|we’re|we\s+are)\s+(?:originally\s+)?from\s+/giu,
  /\b(?:based|located|situated)\s+(?:in|out\s+of|at)\s+/giu,
  /\b(?:i|we)\s+(?:live|stay|reside)\s+in\s+/giu,
  /\b(?:living|staying)\s+in\s+/giu,
  /\b(?:[Ii]['’]?m|I\s+am|[Ww]e['’]re|[Ww]e\s+are)\s+in\s+(?=\p{Lu})/gu,
  /(?:^|[^\p{L}\s]\s*|\b(?:and)\s+)(?:location|city|country)\s*[:=]\s*/giu,
];

/** Capitalised place words, with one ", Country" tail ("Lahore, Pakistan"). */
function readPlace(after: string): string | undefined {
  const parts: string[] = [];
  let rest = after;
  for (let i = 0; i < 2; i++) {
    const tokens = readTokens(rest, 3);
    const words: string[] = [];
    for (const { word, endsSentence } of tokens) {
      const lower = word.toLowerCase();
      if (!NAME_WORD.test(word) || !isCapitalised(word) || (NOT_NAME_WORDS.has(lower) && !isPlace(lower))) break;
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

const LOCATION_WORDS = [
  'from',
  'based',
  'located',
  'situated',
  'live',
  'stay',
  'reside',
  'living',
  'staying',
  'location',
  'city',
  'country',
  'in',
];

function findLocation(masked: string, company: string | undefined): string | undefined {
  if (!hasAnyWord(masked, LOCATION_WORDS)) return undefined;
  const places: Candidate[] = [];
  for (const re of LOCATION_LEAD_INS) {
    for (const m of matchesOf(masked, re)) {
      const at = m.index + m[0].length;
      const place = readPlace(masked.slice(at, at + LOOKAHEAD).replace(/^\d{4,6},?\s+/, ''));
      // "I'm from Acme Ltd" is the company, not a place.
      if (
        place &&
        !(company && place.startsWith(company.split(' ')[0] ?? '')) &&
        !place.split(/[\s,]+/).some(isCompanyEnding)
      ) {
        places.push({ value: place, start: at, end: at + place.length });
      }
    }
  }
  // "this is Sara from Karachi": a known place after "from" is a location.
  for (const m of matchesOf(masked, /\bfrom\s+(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)/gu)) {
    const words = m[1] ?? '';
    const known = isPlace(words) ? words : isPlace(words.split(' ')[0] ?? '') ? (words.split(' ')[0] ?? '') : undefined;
    if (known) {
      const at = m.index + m[0].length - words.length;
      places.push({ value: readPlace(masked.slice(at, at + LOOKAHEAD)) ?? known, start: at, end: at + known.length });
    }
  }
  return pickCandidate(masked, dedupeByStart(places));
}

const MONEY =
  /(?:(?:us\$|\$|€|£|₨|₦|₹|rs\.?|pkr|usd|eur|gbp|aed|inr|ngn|kes)\s*)?\d[\d,.]*\s*(?:k|m|mn|million|thousand|lakh|lac|crore)?\b(?:\s*(?:-|–|to)\s*(?:(?:\$|€|£|rs\.?)\s*)?\d[\d,.]*\s*(?:k|m|mn|million|thousand|lakh|lac|crore)?\b)?(?:\s*(?:usd|pkr|dollars|rupees|euros?|gbp|aed|inr|per\s+month|a\s+month|\/\s*month|monthly|per\s+year|a\s+year|\/\s*year|yearly))?/iy;
const BUDGET_LEAD_IN =
  /\bbudget\b(?:\s+(?:is|of|would\s+be|will\s+be|is\s+about|is\s+around|:|=|-|for\s+this\s+is|for\s+this|for\s+it\s+is))?\s*[:=-]?\s*(?:(?:around|about|approx\.?|approximately|roughly|max|maximum|up\s+to|upto|under|below|~|only|between|close\s+to|nearly)\s+)*(?:~\s*)?/giu;

const DOMAIN =
  /(?:https?:\/\/)?(?:www\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}(?::\d{2,5})?(?:\/[^\s,;!?"'<>()]*)?/iy;
const WEBSITE_LEAD_IN =
  /\b(?:website|web\s*site|site|url|domain|web\s*page|webpage|homepage)\b(?:\s+(?:is|address\s+is|url\s+is|link\s+is|at|:|=|-)){0,2}\s*[:=-]?\s*(?:at\s+)?/giu;

const TIMELINE_LEAD_IN =
  /\b(?:timeline|timeframe|time\s+frame|deadline)\b(?:\s+(?:is|of|would\s+be|will\s+be))?\s*[:=-]?\s*/giu;
const TIMELINE_WITHIN =
  /\b(?:within|in\s+the\s+next)\s+((?:\d+|a|one|two|three|four|five|six|a\s+couple\s+of|a\s+few)(?:\s*-\s*\d+)?\s+(?:days?|weeks?|months?))\b/giu;

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
  for (const m of matchesOf(text, re)) {
    const at = m.index + m[0].length;
    const value = read(text, at);
    if (value) found.push({ value, start: at, end: at + value.length });
  }
  return found;
}

const BUDGET_WORDS = ['budget'];
const WEBSITE_WORDS = ['website', 'web', 'site', 'url', 'domain', 'webpage', 'homepage', 'page'];
const TIMELINE_WORDS = ['timeline', 'timeframe', 'time', 'deadline', 'within', 'next'];

/** Location, Budget, Website and Timeline, each capped at 100 characters. */
export function findLabelledFields(text: string, masked: string, company: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  const location = findLocation(masked, company);
  if (location) fields.Location = cap(location);
  const budget = hasAnyWord(masked, BUDGET_WORDS)
    ? pickCandidate(masked, collect(masked, BUDGET_LEAD_IN, readMoney))
    : undefined;
  if (budget) fields.Budget = cap(budget);
  const website = hasAnyWord(masked, WEBSITE_WORDS)
    ? pickCandidate(text, collect(text, WEBSITE_LEAD_IN, readWebsite))
    : undefined;
  if (website) fields.Website = cap(website);
  if (!hasAnyWord(masked, TIMELINE_WORDS)) return fields;
  const timelines = collect(masked, TIMELINE_LEAD_IN, readClause);
  if (timelines.length === 0) {
    for (const m of matchesOf(masked, TIMELINE_WITHIN)) {
      const value = m[1] ?? '';
      timelines.push({ value, start: m.index, end: m.index + m[0].length });
    }
  }
  const timeline = pickCandidate(masked, timelines);
  if (timeline) fields.Timeline = cap(timeline);
  return fields;
}
