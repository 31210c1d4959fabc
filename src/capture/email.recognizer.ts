/**
 * Email addresses: a sensible RFC 5322 subset, lower-cased, plus addresses people spell out to dodge
 * spam bots ("jan at firma dot de", "ana[at]mail[dot]com"). "john|doe@x.com" is refused whole: the old
 * system read it as doe@x.com.
 */
import { EMAIL_TOKEN, matchesOf, type Candidate } from './text.js';

const EMAIL_LOCAL = /^[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*$/;
const EMAIL_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL_TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Lower-cased, surrounding punctuation removed; undefined when not a valid address. */
export function normalizeEmail(raw: string): string | undefined {
  const value = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^[<("'“‘[*_]+/, '')
    .replace(/[.,;:!?)>"'”’\]*_]+$/, '')
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

// A pipe inside the local part: the old system's favourite bug ("john|doe@x.com" is not doe@x.com).
const PIPE_IN_LOCAL = /[a-z0-9._%+'-]\|[^|@]*@/i;
const EMAIL_FILLERS = new Set([
  'is',
  'at',
  'to',
  'me',
  'on',
  'its',
  "it's",
  'it’s',
  'address',
  'id',
  'was',
  'now',
  'please',
  'use',
  'here',
  'my',
  'new',
  'actually',
  'mail',
  'email',
  'e-mail',
  'correo',
  'e-mailadres',
  'adresse',
]);

/** "email: jo hn@x.org": a stray word between the label and the address means the address was split by a space. */
function splitBySpace(text: string, start: number): boolean {
  const before = /\be-?mail(?:\s+(?:address|id))?\s*(?:is\s*|[:=-]\s*)?(\S+)\s+$/i.exec(
    text.slice(Math.max(0, start - 60), start),
  );
  const word = before?.[1]?.toLowerCase();
  const local = text.slice(start, text.indexOf('@', start));
  // A short word before a long local part is a word of the sentence ("Email ko maricel@..."), not half an address.
  if (word !== undefined && word.length <= 2 && local.length >= 4) return false;
  return word !== undefined && !EMAIL_FILLERS.has(word) && /^[a-z0-9._%+-]{1,20}$/.test(word) && /[a-z0-9]/.test(word);
}

// "jan at firma dot de", "ana [at] mail [dot] com", "bob(at)x.co.uk": only with a spelled-out "at" and a
// dot (spelled or not) in the domain, so "meet at noon" is never an address.
const SPELLED_EMAIL =
  /(?<![\p{L}\p{N}._%+-])([a-z0-9][a-z0-9._%+-]{0,63}(?:\s+dot\s+[a-z0-9][a-z0-9._%+-]{0,30}){0,3})\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+)\s*([a-z0-9-]{1,63}(?:\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+|\.)\s*[a-z0-9-]{1,63}){1,3})(?![\p{L}\p{N}])/giu;

// A spelled-out address is kept only with a bracketed "at" or a spelled "dot" (see findSpelledEmails): "I work at
// Acme", most messages with an "at", is not scanned for one.
const BRACKETED_AT_OR_DOT = /[[({]\s*at\s*[\])}]|dot/i;

function findSpelledEmails(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of matchesOf(text, SPELLED_EMAIL)) {
    const domain = (m[2] ?? '').replace(/\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+|\.)\s*/gi, '.');
    // A plain " at " needs a spelled " dot " too: "I work at acme.com" is a sentence, not work@acme.com.
    if (!/[[({]\s*at\s*[\])}]/i.test(m[0]) && !/\bdot\b/i.test(m[0])) continue;
    const email = normalizeEmail(`${(m[1] ?? '').replace(/\s+dot\s+/gi, '.')}@${domain}`);
    if (email && /\.[a-z]{2,24}$/.test(email)) found.push({ value: email, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

export function findEmails(text: string): Candidate[] {
  const found: Candidate[] = [];
  // Most messages hold no "@": no address to scan for.
  const tokens = text.includes('@') ? matchesOf(text, EMAIL_TOKEN) : [];
  for (const m of tokens) {
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
  if (found.length === 0 && / at |\[at\]|\(at\)|\{at\}/i.test(text) && BRACKETED_AT_OR_DOT.test(text))
    found.push(...findSpelledEmails(text));
  return found;
}
