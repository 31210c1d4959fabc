/** Interim extraction (replaced by the full module from the extraction branch). */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface ExtractedDetails {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  fields: Record<string, string>;
}
export interface ExtractionOptions {
  defaultCountry: string | undefined;
}

const EMAIL_RE = /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

export function normalizeEmail(raw: string): string | undefined {
  const v = raw.trim().replace(/[.,;:!?)]+$/, '').toLowerCase();
  return EMAIL_RE.test(v) && !v.includes('..') ? v : undefined;
}

export function normalizePhone(raw: string, defaultCountry: string | undefined): string | undefined {
  const p = parsePhoneNumberFromString(raw.trim(), defaultCountry as CountryCode | undefined);
  return p && p.isValid() ? p.number : undefined;
}

export function normalizeName(raw: string): string | undefined {
  const v = raw.trim().replace(/\s+/g, ' ');
  if (!/^[\p{L}'’ -]{2,60}$/u.test(v)) return undefined;
  return v.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

export function extractDetails(message: string, options: ExtractionOptions): ExtractedDetails {
  const out: ExtractedDetails = { fields: {} };
  const email = /[^\s@<>()|,;:"']+@[^\s@<>()|,;:"']+/.exec(message)?.[0];
  if (email) {
    const e = normalizeEmail(email);
    if (e) out.email = e;
  }
  const phone = findPhoneNumbersInText(message, { defaultCountry: options.defaultCountry as CountryCode | undefined })[0];
  if (phone && phone.number.isValid()) out.phone = phone.number.number;
  const name = /\bmy name is ([\p{L}'’-]+(?: [\p{L}'’-]+)?)/iu.exec(message)?.[1];
  if (name) {
    const n = normalizeName(name);
    if (n) out.name = n;
  }
  const company = /\b(?:i work (?:at|for)|my company is) ([\p{L}\p{N}&.' -]{2,60}?)(?:[.,!]|$)/iu.exec(message)?.[1];
  if (company) out.company = company.trim();
  return out;
}
