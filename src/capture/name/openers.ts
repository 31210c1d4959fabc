/** The name at the head of a message or sentence: "Ivan Petrov, Acme - ...", "Hi, Olena Kovalenko (olena@x.ua): ...". */
import { isGivenName } from '../lexicons/person-names.js';
import { isLegalForm, mayHoldLegalForm } from '../lexicons/legal-forms.js';
import { isRoleWord } from '../lexicons/job-titles.js';
import { GREETING_PATTERN, NAME_PARTICLES, TITLES } from '../lexicons/words.js';
import { isCapitalised, matchesOf, wordsOf, type Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push, readKnownName } from './push-name.js';
import { endsWithLegalFormAhead, readName } from './read-name.js';

// The head of a message: "Ivan Petrov, Acme Ltd - ...", "Olena Kovalenko (olena@x.ua): ...", "Kwame | CTO | ...".
const OPENER_PLAIN = new RegExp(
  `((?:(?!(?:from|here|hier|speaking|iz|ot|od|aus|apo|dari|fra|från|frá)[ \\t])[\\p{L}'’.-]+[ \\t]+){0,4}[\\p{L}'’-]+)(?=[ \\t]*(?:,|\\||\\(|<|[-–—·][ \\t]|:[ \\t]|\\n|$)|[ \\t]+(?:from|here|hier|speaking|@|iz|ot|od|aus|apo|dari|fra|från|frá|de[ \\t]+la|de[ \\t]+l['’])(?![\\p{L}]))`,
  'iuy',
);

// Where a line or a sentence starts; a greeting or a short salutation may come first. Read position by
// position with sticky expressions: one scan of the whole text with the greetings in it cost ~15% of a message.
const SENTENCE_START =
  /(?:^|\n|(?<!\b(?:mr|mrs|ms|dr|st|prof|eng|engr|ing|mag|lic|dra|sr|sra|atty|md))[.!?][ \t]+)[ \t]*/giu;
const GREETING_AT = new RegExp(
  `(?:${GREETING_PATTERN})(?:[ \\t]+(?:there|all|team|everyone|guys|folks|nora))?[\\s,!.]+`,
  'iuy',
);
const SALUTATION_AT = /(\p{L}+(?:[ \t]+\p{L}+)?),[ \t]+/uy;

function plainAt(masked: string, at: number): RegExpExecArray | null {
  OPENER_PLAIN.lastIndex = at;
  return OPENER_PLAIN.exec(masked);
}

export function findOpener(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const start of matchesOf(masked, SENTENCE_START)) {
    const at = start.index + start[0].length;
    if (at >= masked.length) continue;
    GREETING_AT.lastIndex = at;
    const greeting = GREETING_AT.exec(masked);
    const afterGreeting = greeting ? plainAt(masked, at + greeting[0].length) : null;
    if (afterGreeting?.[1]) {
      pushOpener(masked, afterGreeting, afterGreeting[1], ctx, out);
      continue;
    }
    SALUTATION_AT.lastIndex = at;
    const salutationMatch = SALUTATION_AT.exec(masked);
    const afterSalutation = salutationMatch ? plainAt(masked, at + salutationMatch[0].length) : null;
    const salutation = salutationMatch?.[1];
    if (salutation && afterSalutation?.[1]) {
      // A greeting of our lists, or any short salutation before a comma ("Zdraveite, Georgi Ivanov ot ..."),
      // but not a name that opens a list ("Awa Ndiaye, Baobab Cosmetics - "): the line is read plainly first
      // ("Reem, Al Dana Clinics, 011 ..."), and only when that finds no name is its first word a salutation.
      const salutationWords = salutation.split(/\s+/);
      const nameLike = salutationWords.length > 1 && salutationWords.every(isCapitalised);
      const before = out.length;
      findOpenerAt(masked, at, ctx, out);
      if (
        out.length > before ||
        nameLike ||
        readKnownName(salutation) ||
        salutationWords.some((w) => isGivenName(w.toLowerCase()))
      )
        continue;
      pushOpener(masked, afterSalutation, afterSalutation[1], ctx, out, true);
      continue;
    }
    findOpenerAt(masked, at, ctx, out);
  }
}

/** The opener read again from a given position, without a salutation (the first words are the name). */
function findOpenerAt(masked: string, at: number, ctx: NameContext, out: Candidate[]): void {
  OPENER_PLAIN.lastIndex = at;
  const m = OPENER_PLAIN.exec(masked);
  if (m?.[1]) pushOpener(masked, m, m[1], ctx, out);
}

let detailsText = '';
let detailsHeld = false;

/** The message holds a masked email, a phone number or a legal form (computed once per message). */
function holdsDetails(masked: string): boolean {
  if (masked !== detailsText) {
    detailsText = masked;
    detailsHeld =
      /[^\S\n]{6,}|\d{3}[\s-]?\d{3}/.test(masked) ||
      (mayHoldLegalForm(wordsOf(masked), masked) && (masked.match(/[\p{L}.()/-]+/gu) ?? []).some(isLegalForm));
  }
  return detailsHeld;
}

// "I" in the languages visitors write, before their name: "Main" (Hindi), "Ami" (Bengali), "Ben" (Turkish),
// "Ena" (Tunisian), "Bin" (German), "Nitwa" (Kinyarwanda), "Ma" (Nepali), "Na" (Pidgin "it's"), "Met" (Dutch
// "speaking"): each also a given name or a word, so only before two more words ("Ana" is not here: "Ana Rita
// Carvalho" is one name).
const INTRO_PRONOUNS = new Set(
  `main ami ben ena bin nitwa naan kulo nze ene sunt jestem jsem ich ik jag jeg saya aku ma na met`.split(' '),
);

/** The family name, or a form of it ("Holm" / "Holms", "Salo" / "Salon"), among the next few words. */
function familyNameRepeats(family: string, after: string): boolean {
  const stem = family.toLowerCase();
  if (stem.length < 3) return false;
  const segment = after.split(/[\n.!?;]/u)[0] ?? '';
  // "Copper Kettle, Kettle Lane 4": an address, not a business.
  if (
    /\d/.test(
      segment
        .split(/,|\s[-–—]\s/u)
        .slice(0, 2)
        .join(' '),
    )
  )
    return false;
  const next = segment.split(/\s+/).slice(0, 5);
  return next.some((w) => {
    const word = w.toLowerCase().replace(/[^\p{L}]/gu, '');
    return word.startsWith(stem) && word.length <= stem.length + 2;
  });
}

function pushOpener(
  masked: string,
  m: RegExpMatchArray,
  group: string,
  ctx: NameContext,
  out: Candidate[],
  afterSalutation = false,
): void {
  const index = m.index ?? 0;
  // "Main Nadia Hussain, ...", "Ami Rafiq Islam, ...": "I" of another language before a full name.
  const pronoun = /^(\p{L}+)\s+/u.exec(group);
  if (pronoun && INTRO_PRONOUNS.has((pronoun[1] ?? '').toLowerCase()) && group.trim().split(/\s+/).length >= 3)
    group = group.slice(pronoun[0].length);
  const words = group.replace(TITLES, '').trim().split(/\s+/);
  const after = masked.slice(index + m[0].length);
  // A lone word needs a contact detail or a signature-like separator after it; two or more capitalised
  // words at the head of a line before a separator read as a name only when they look like one: a line
  // that is only capitalised words ("Kaffeerösterei Brandt") is as likely a company, so a name needs a
  // known given name first, a signature-like separator after it, or a message of contact details around
  // it ("Tamar Lomidze, Lomidze Legal, +995 ...").
  // A separator that opens a signature, the very end of a message ("... Following up. Dror Katz"), or a
  // role after a comma ("Koffi Kouassi, responsable IT chez ...").
  const roleAfter = /^\s*,\s*([\p{L}-]+(?:\s+[\p{L}-]+){0,2})/u.exec(after)?.[1];
  const signatureLike =
    /^\s*(?:\(|<|\||[-–—·]\s|from\b|here\b|hier\b|speaking\b|iz\b|ot\b|od\b|aus\b|apo\b|dari\b|fr[åa]n?\b|fra\b|nga\b|von\b|van\b|de\s+la\b|de\s+l['’])/iu.test(
      after,
    ) ||
    (index > 0 &&
      !afterSalutation &&
      /^[\s.!\p{Extended_Pictographic}]*$/u.test(after) &&
      words.length <= 3 &&
      !/['’]s$/u.test(group.split(/\s+/)[0] ?? '')) ||
    (roleAfter !== undefined && roleAfter.split(/\s+/).some((w) => isRoleWord(w.toLowerCase())));
  const known = isGivenName((words[0] ?? '').toLowerCase());
  // Read only when asked below (most sentence starts are left at the first test).
  const detailed = () => /,/.test(after.slice(0, 2)) && holdsDetails(masked);
  // "Itai, Negev Robotics" beside a phone number: a one-word name, then the organisation.
  const pairedWithCompany = () =>
    detailed() && !afterSalutation && /^\s*,\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}&'-]*)+/u.test(after);
  // "Tamar Lomidze, Lomidze Legal", "Antti Salo, Salon Sähkö Oy", "Mads Kjær fra Kjærs Bryghus": the family
  // name comes back in the business named right after, so the first words are the person.
  const familyAgain = () => words.length > 1 && familyNameRepeats(words[words.length - 1] ?? '', after);
  if (words.length === 1 && !signatureLike && !pairedWithCompany()) return;
  if (words.length > 1 && !signatureLike && !familyAgain() && (afterSalutation || (!known && !detailed()))) return;
  const capitalised = words.every((w) => isCapitalised(w) || NAME_PARTICLES.has(w.toLowerCase()));
  if (words.length > 1 && !known && !capitalised) return;
  // "Stepwise Footwear (Pvt) Ltd", "Massawe Hardware (T) Ltd": a company, not a name before a bracket.
  if (
    /^\s*(?:\(|\p{Lu})/u.test(after) &&
    endsWithLegalFormAhead(`${group} ${after.split('\n')[0]?.replace(/\(\p{L}{1,7}\.?\)/gu, '') ?? ''}`)
  )
    return;
  // A lone word closing a message ("... online orders. Sinead") is a signature even when not a known name.
  const closingWord = words.length === 1 && index > 0 && /^[\s.!\p{Extended_Pictographic}]*$/u.test(after);
  const name = readKnownName(group) ?? (words.length >= 2 || closingWord ? readName(group, 'strict') : undefined);
  if (!name) return;
  // "Carmen Delgado de Inmobiliaria Sol": the name, then where the visitor is from.
  const rest = words.slice(name.split(' ').length);
  if (
    rest.length > 0 &&
    (!name.includes(' ') || !/^(?:de|di|da|do|von|van|fra|från|iz|ot|od|from|with|at)$/i.test(rest[0] ?? ''))
  )
    return;
  push(out, name, index + m[0].indexOf(group), ctx, true, masked);
}
