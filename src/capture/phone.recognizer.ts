/**
 * Phone numbers, as E.164, read with libphonenumber. Numbers without a country code are read only with
 * the business's default country; when one was clearly given but cannot be read, the extractor says so
 * (the assistant then asks for it with the country code). Years, prices, order numbers and zip codes are
 * not phones.
 */
import {
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';
import { matchesOf, type Candidate } from './text.js';

function toCountry(code: string | undefined): CountryCode | undefined {
  if (!code) return undefined;
  const upper = code.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** "0044 20 ..." is international in most of the world: read it as "+44 20 ..." (same length, same offsets). */
function markInternationalZeros(text: string): string {
  // Most messages hold no "00" at all: nothing to mark.
  if (!text.includes('00')) return text;
  return text.replace(/(^|[^\d+])00(?=[1-9])/g, '$1 +').replace(/(^|[^\d+])00 (?=[1-9]\d{0,2}[ -]?\d)/g, '$1  +');
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
  /(?:\b(?:order|invoice|inv|ticket|ref|reference|tracking|track|account|acct|a\/c|iban|zip|zipcode|postal|postcode|pin|po|receipt|booking|confirmation|case|serial|sku|cnic|nic|passport|transaction|txn|customer|user|member|membership|policy|claim|registration|reg|license|licence|item|model|part|batch|lot|shipment|parcel|consignment|id|vat|tax|tin|ein|gst|gstin|siret|siren|kvk|ntn|nip|regon|cui|oib|crn|abn|ruc|rut|rif|rfc|cnpj|cpf|nit|cvr|org\.?nr|y-tunnus|p\.?iva|partita|ico|ičo|dič|dic|trn|cr|adószám|nif|cif|nie|uid|ust|steuernummer|version|v|build|ip|port|fcfa|cfa|xof|xaf)\b[^\n,;]{0,14}|(?:\$|€|£|₨|₦|₹|\brs\.?|\bpkr|\busd|\beur|\bgbp|\baed|\binr|\bngn|\bkes|\bzar|\bbudget|\bprice|\bcost|\bsalary|\bpay|\bpaid|\bamount|\btotal)\s*[:=-]?\s*(?:of|is|around|about|approx\.?|~)?\s*)$/i;
// A phone word between the order word and the number means the number is a phone after all.
const PHONE_WORD =
  /\b(?:phone|call|whats\s?app|mobile|mob|cell|tel|telephone|contact|reach|text|sms|ring|dial|landline|fax)\b/i;
// Words that say a number is a phone, for telling that a phone was given but could not be read.
const PHONE_CUE =
  /\b(?:phone|call|whats\s?app|wa|mobile|mob|cell|tel|telephone|contact|reach|text|sms|ring|dial|landline|fax|number|num|tlf|telefon|teléfono|telefone|telefono|téléphone|portable|handy|celular|móvil|movil|numéro|número|numero|nummer|hp|viber|signal)\b/i;
const NOT_PHONE_AFTER =
  /^\s*(?:k\b|m\b|mn\b|million|thousand|lakh|lac|crore|usd|pkr|rs\b|rupees|dollars|euros?|units|pcs|pieces|items|people|users|visitors|employees|staff|%|sq|square|km|kg|miles|naira|shillings|rand|f?\s?cfa|xof|xaf|cedis?|kwacha|birr|dirhams?|dh\b|mad\b|tnd|egp|sar\b|aed|qar|kwd|omr|jod|lbp|iqd|rub|uah|kzt|gel|zł|pln|czk|kč|huf|ft\b|ron\b|lei\b|bgn|rsd|eur|€|\$|gbp|£|inr|₹|bdt|lkr|npr|idr|rp\b|myr|thb|baht|vnd|php|₱|krw|₩|jpy|¥|cny|rmb|yuan|hkd|twd|sgd|aud|nzd|zar|kes|ksh|ugx|tzs|rwf|etb|mzn|mga|bwp|nad|zmw|ngn|ghs|kr\b|sek|nok|dkk|chf|mxn|brl|ars|clp|cop|pen)/i;

/** True when the digits at start..end are not said to be something else than a phone (an order, a tax id, a price). */
export function mayBePhone(text: string, start: number, end: number): boolean {
  return !blocked(text, start, end);
}

function blocked(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  const blocker = NOT_PHONE_BEFORE.exec(before);
  if (blocker && !PHONE_WORD.test(blocker[0])) return true;
  if (NOT_PHONE_AFTER.test(text.slice(end, end + 12))) return true;
  // A number glued to letters or slashes is a code or a date, not a phone ("AB12345678", "12/05/2024").
  // Only the code point on each side counts: two code units hold it (a `$` test of the whole text before the
  // digits tried every position of it).
  return /[\p{L}/#]$/u.test(text.slice(Math.max(0, start - 2), start)) || /^[\p{L}/]/u.test(text.slice(end, end + 2));
}

const DIGIT_RUN = /\+?\d[\d\s().\-/]{4,24}\d/g;

/** A stretch of the text around runs of 6+ digits (merged when close), with room for "+", "(" and "ext". */
interface DigitWindow {
  from: number;
  to: number;
  /** The runs of digits inside, where they are. */
  runs: Array<{ text: string; start: number }>;
}

function digitWindows(text: string, internationalOnly: boolean): DigitWindow[] {
  const windows: DigitWindow[] = [];
  for (const m of matchesOf(text, DIGIT_RUN)) {
    if ((m[0].match(/\d/g)?.length ?? 0) < 6) continue;
    // Without a default country only "+" numbers can be read: local ones are not worth libphonenumber's time.
    if (internationalOnly && !m[0].startsWith('+')) continue;
    // Amounts ("2,000,000"), dates ("12/05/2024") and numbers said to be something else are not read at all.
    if (
      /^\d{1,3}(?:[.,]\d{3})+$/.test(m[0]) ||
      /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/.test(m[0]) ||
      blocked(text, m.index, m.index + m[0].length)
    )
      continue;
    const from = Math.max(0, m.index - 6);
    const to = Math.min(text.length, m.index + m[0].length + 6);
    const last = windows[windows.length - 1];
    const run = { text: m[0], start: m.index };
    if (last && from <= last.to) {
      last.to = to;
      last.runs.push(run);
    } else windows.push({ from, to, runs: [run] });
  }
  return windows;
}

/**
 * The window's runs read directly, each a whole valid number ("+44 20 7946 0958"), without libphonenumber's
 * scan of the text (most of the time spent on a message with a phone); undefined when any run is not.
 */
function readRuns(window: DigitWindow, text: string, country: CountryCode | undefined): Candidate[] | undefined {
  const found: Candidate[] = [];
  for (const run of window.runs) {
    // A bracket right before the digits ("(03) 9417") or a letter glued to them ("x1234") is the scan's to read.
    if (/\(\s*$|\p{L}$/u.test(text.slice(Math.max(0, run.start - 2), run.start))) return undefined;
    const parsed = parsePhoneNumberFromString(run.text, country ? { defaultCountry: country } : undefined);
    if (!parsed?.isValid()) return undefined;
    found.push({ value: parsed.number, start: run.start, end: run.start + run.text.length });
  }
  return found;
}

function hasPhoneShapedRun(text: string): boolean {
  // Most messages hold no run of digits at all; the first long enough one answers (no list of every run).
  PHONE_SHAPED_RUN.lastIndex = 0;
  for (let m = PHONE_SHAPED_RUN.exec(text); m !== null; m = PHONE_SHAPED_RUN.exec(text))
    if ((m[0].match(/\d/g)?.length ?? 0) >= 6) return true;
  return false;
}

// DIGIT_RUN's own copy, for hasPhoneShapedRun's loop (DIGIT_RUN is read with matchesOf, which keeps lastIndex).
const PHONE_SHAPED_RUN = new RegExp(DIGIT_RUN.source, 'g');

export function findPhones(text: string, defaultCountry: string | undefined): Candidate[] {
  // Most messages hold no phone: skip libphonenumber's scan unless a run of digits is long enough for one.
  if (!hasPhoneShapedRun(text)) return [];
  const country = toCountry(defaultCountry);
  const scanned = markInternationalZeros(text);
  const found: Candidate[] = [];
  // libphonenumber scans only the stretches around runs of digits: most of a message is words.
  for (const window of digitWindows(scanned, country === undefined)) {
    const direct = readRuns(window, scanned, country);
    if (direct) {
      for (const c of direct) if (!blocked(text, c.start, c.end)) found.push(c);
      continue;
    }
    for (const m of findPhoneNumbersInText(
      scanned.slice(window.from, window.to),
      country ? { defaultCountry: country } : undefined,
    )) {
      const start = window.from + m.startsAt;
      const end = window.from + m.endsAt;
      if (!m.number.isValid() || blocked(text, start, end)) continue;
      found.push({ value: m.number.number, start, end });
    }
  }
  return found;
}

// A run of digits laid out as a phone number: 7 to 15 digits with spaces, dots, dashes or brackets.
const PHONE_SHAPE = /(?<![\d+\p{L}])\(?0\d[\d\s().-]{5,16}\d(?![\d\p{L}])/gu;

/**
 * True when the message gives a phone the extractor could not read: a local number ("0171 2345678") said
 * as a phone, with no country code and no default country to read it with.
 */
export function hasUnreadPhone(text: string, askedForPhone: boolean): boolean {
  for (const m of matchesOf(text, PHONE_SHAPE)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || blocked(text, m.index, m.index + m[0].length)) continue;
    if (askedForPhone || PHONE_CUE.test(text.slice(Math.max(0, m.index - 40), m.index))) return true;
  }
  return false;
}
