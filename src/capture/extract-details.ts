/**
 * Deterministic extraction of a visitor's details from one chat message, as a small pipeline of
 * recognizers (a file per field) over the message with links masked. Pure (no I/O, no LLM): it runs on
 * every message. It uses what the server knows: which detail the assistant just asked for (a bare answer
 * is that detail), what this conversation gave before (a shorter name later does not replace a fuller
 * one, a correction does), and the business's own contact details (quoted back, they are not the
 * visitor's). It prefers missing a detail to inventing one.
 */
import { isWebmailName } from './lexicons/webmail.js';
import type { ContactField } from '../llm/assistant.types.js';
import { isCorrection, pickCandidate } from './choose-candidate.js';
import { findCompanies } from './company.recognizer.js';
import { isPlainBusinessWord } from './company/bare-answers.js';
import { domainLabel, findDomainNamedBefore } from './company/email-domain.js';
import { findEmails } from './email.recognizer.js';
import { findLabelledFields } from './labelled-fields.recognizer.js';
import { closeSpelling, findNames, sameWord } from './name.recognizer.js';
import { localPartOf } from './name/email-local-part.js';
import { isGivenName, isPersonNameWord } from './lexicons/person-names.js';
import { findPhones, hasUnreadPhone } from './phone.recognizer.js';
import { recaseShouted } from './shouted-text.js';
import { isBusinessWord } from './lexicons/business-nouns.js';
import { endsWithLegalForm, isCompanyEnding } from './lexicons/legal-forms.js';
import { dedupeByStart, foldLetters, maskLinks, type Candidate } from './text.js';

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
  /** A phone number was given that could not be read (no country code and no default country). */
  unreadPhone?: boolean;
}

/** The business's own details, which a visitor may quote back. */
export interface BusinessIdentity {
  /** Lower-cased addresses. */
  emails: string[];
  /** Digits only. */
  phones: string[];
  /** The business's and the assistant's names, lower case. */
  names: string[];
}

export interface ExtractionContext {
  /** ISO 3166 alpha-2 country for numbers written without a country code; undefined: international numbers only. */
  defaultCountry: string | undefined;
  /** The contact detail the assistant asked for in its last reply. */
  asked?: ContactField | undefined;
  /** What this conversation already gave. */
  known?: Partial<Record<ContactField, string | null>> | undefined;
  business?: BusinessIdentity | undefined;
  /**
   * The visitor's own earlier messages of this conversation, oldest first (not the assistant's): read only
   * when a message gives a new business address, for the name its domain spells (the last few: see
   * `recentMessages`).
   */
  earlier?: readonly string[] | undefined;
}

const PRINTABLE_ASCII = /^[\t\n\r -~]*$/;
const NO_BUSINESS: BusinessIdentity = { emails: [], phones: [], names: [] };

function isBusinessEmail(email: string, business: BusinessIdentity): boolean {
  const domain = email.slice(email.indexOf('@') + 1);
  const webmail = isWebmailName(domain.split('.')[0] ?? '');
  return business.emails.some((own) => own === email || (!webmail && own.endsWith(`@${domain}`)));
}

function isBusinessPhone(phone: string, business: BusinessIdentity): boolean {
  const digits = phone.replace(/\D/g, '');
  return business.phones.some((own) => own.length >= 6 && (digits === own || digits.endsWith(own)));
}

/** Every word a known name word and the first a given name ("Chukwuemeka Obi" is not; "Lucía Fernández Ortega" is). */
function looksLikePerson(name: string): boolean {
  const words = name.toLowerCase().split(' ');
  return words.length >= 2 && isGivenName(words[0] ?? '') && words.every((w) => isPersonNameWord(w) || w.length <= 3);
}

/** The company reading goes on past a weak name reading with a business word ("Linh Xinh" + "Store"). */
function businessAfterName(n: Candidate, c: Candidate, masked: string): boolean {
  if (!n.weak || c.start > n.start || c.end <= n.end) return false;
  // One run of words ("Lotte Peeters van Peeters Bloemen", "Hassan Raza, Raza Motors" are a person, then where from).
  const rest = masked.slice(n.end, c.end);
  if (!/^[ \t]+[\p{L}&'’ \t-]+$/u.test(rest) || /\s(?:van|von|from|de|da|of|at|with|fra|från)\s/iu.test(`${rest} `))
    return false;
  return (rest.match(/\p{L}+/gu) ?? []).some((w) => isBusinessWord(w) || isCompanyEnding(w));
}

/** A weak name reading that is the company reading and holds a business word ("Pharmacie Bouzid") is the company. */
function namesBusiness(n: Candidate, c: Candidate): boolean {
  return (
    n.weak === true && n.value.toLowerCase() === c.value.toLowerCase() && c.value.split(' ').some(isPlainBusinessWord)
  );
}

// "Sunt Cristina Popa de la EduTech Moldova SRL": a person's name, then where from, inside a company reading.
const FROM_AFTER_NAME =
  /^\s+(?:de\s+la|de|da|do|di|del|della|von\s+der|von|vom|van\s+de|van|from|of|at|with|fra|från|z|ze|iz)\s+(?=\p{Lu})/u;

/** A company reading that holds the visitor's name then "from"/"de la" keeps only what follows. */
function trimCompaniesAfterNames(companies: Candidate[], names: Candidate[], masked: string): void {
  for (const c of companies)
    for (const n of names) {
      // At most a verb before the name ("Sunt", "Soy"): "Acosta & Lemos Broker de Seguros" is all company.
      if (n.start <= c.start || n.end >= c.end || !/^\s*\p{L}*\s*$/u.test(masked.slice(c.start, n.start))) continue;
      const from = FROM_AFTER_NAME.exec(masked.slice(n.end, c.end));
      if (!from) continue;
      const start = n.end + from[0].length;
      const value = masked.slice(start, c.end).trim();
      if (c.value.endsWith(value)) Object.assign(c, { value, start });
    }
}

/** Keeps the fuller of two spellings of one name ("Maria" then "Maria Lopez"; "Thanks, Maria" after it). */
export function chooseName(known: string | null | undefined, incoming: string | undefined): string | undefined {
  if (!incoming || !known) return incoming;
  const have = known.toLowerCase().split(' ');
  const got = incoming.toLowerCase().split(' ');
  // "Blaise Ngasa" then "sorry it's Ngassa": one word of the name spelt again replaces that word only
  // ("Kweku Essel" then "Essel-Mensah": the family name completed).
  const respelt =
    got.length === 1 ? have.findIndex((w) => closeSpelling(w, got[0] ?? '') || (got[0] ?? '').startsWith(`${w}-`)) : -1;
  if (have.length >= 2 && respelt >= 0) {
    const words = known.split(' ');
    words[respelt] = incoming;
    return words.join(' ') === known ? undefined : words.join(' ');
  }
  // Every word of the new name already in the known one, in order: nothing new.
  let i = 0;
  for (const word of have) if (word === got[i]) i++;
  return i === got.length ? undefined : incoming;
}

/**
 * Which detail a bare answer ("Priya", "Kaffeerösterei Brandt") gives: the one just asked for. When the
 * assistant asked for an email or phone and the message holds neither, the visitor is answering what they
 * expected to be asked next, the first of name and company still missing.
 */
function bareAnswerTarget(text: string, ctx: ExtractionContext): ContactField | undefined {
  const asked = ctx.asked;
  if (asked === 'name' || asked === 'company' || asked === undefined) return asked;
  const answered = asked === 'email' ? /@|\bat\b/i.test(text) : (text.match(/\d/g)?.length ?? 0) >= 6;
  if (answered) return undefined;
  return (['name', 'company'] as const).find((field) => !ctx.known?.[field]);
}

/** "Sorry, I meant Ana Ruiz": a reading the visitor marks as a correction is a clear statement, not a guess. */
function strengthenCorrections(candidates: Candidate[], masked: string, wholeMessage = false): void {
  // "Korrektur: es geht um unsere Hausverwaltung, also bitte Vogel Hausverwaltung GmbH eintragen": a message
  // that opens as a correction corrects whatever it names (for the company; a name there may be anyone's).
  const opensCorrection = wholeMessage && OPENS_CORRECTION.test(masked);
  // Set to false, not deleted: a deleted property turns the object into a slow dictionary for every later reader.
  for (const c of candidates) if (c.weak && (opensCorrection || isCorrection(masked, c.start))) c.weak = false;
}

const OPENS_CORRECTION =
  /^[\s\p{P}]*(?:correction|corrections|korrektur|correcci[óo]n|corre[çc][ãa]o|correzione|oprava|ispravak|sprostowanie|d[üu]zeltme|rectification|rectificaci[óo]n|update|actually|ah\s+wait|wait|sorry|scusi|scusa|perd[óo]n|pardon|desculpe?|entschuldigung|vlastně|vlastne)\b/iu;

// Plain ASCII needs no normalising (most messages); accents typed apart are joined ("e\u0301" -> "é").
const normalised = (message: string): string => (PRINTABLE_ASCII.test(message) ? message : message.normalize('NFC'));

/** Links and addresses blanked out; spelled-out addresses ("lisa at gmail dot com") too, so "lisa" is not read as a name. */
function maskAddresses(text: string, found: readonly Candidate[]): string {
  let masked = maskLinks(text);
  for (const c of found) masked = masked.slice(0, c.start) + ' '.repeat(c.end - c.start) + masked.slice(c.end);
  return masked;
}

const maskMessage = (message: string): string => {
  const text = normalised(message);
  return maskAddresses(text, findEmails(text));
};

// How far back a new address is checked against what the visitor wrote: their last 6 messages, 4,000
// characters at most. A business is named in the first turns (the corpora's conversations have at most 6
// turns before the last one), and the bound keeps the rare look-back (only when a new business address
// arrives) near the cost of reading one long message, however long the conversation or its messages
// (MAX_INPUT_LENGTH allows 5,000 characters each).
const RECENT_MESSAGES = 6;
const RECENT_CHARACTERS = 4000;

/** The newest of the visitor's earlier messages within the bound, oldest first (a message cut at the bound keeps its start). */
export function recentMessages(earlier: readonly string[]): string[] {
  const recent: string[] = [];
  let room = RECENT_CHARACTERS;
  for (let i = earlier.length - 1; i >= 0 && recent.length < RECENT_MESSAGES && room > 0; i--) {
    const message = (earlier[i] ?? '').slice(0, room);
    recent.unshift(message);
    room -= message.length;
  }
  return recent;
}

/** Some word of the phrase names a kind of business or a company ("Diving", "Initiative", "Bakery", "Ltd"). */
function holdsBusinessWord(phrase: string): boolean {
  return phrase.split(' ').some((w) => isBusinessWord(w) || isCompanyEnding(w));
}

/** A word of the company (3 letters or more) is part of the domain: the address confirms it. */
function spellsPart(company: string, label: string): boolean {
  return company.split(/[\s&.,'’-]+/).some((w) => w.length >= 3 && label.includes(foldLetters(w)));
}

/**
 * The company an earlier message named, when this message gives a new business address and reads no company:
 * the words of the visitor's earlier messages that its domain spells ("Casa Verde Lodge" two turns before
 * ana@casaverdelodge.com). It replaces a company known that the address does not spell (the agency the
 * visitor complained about, a name misread as the company): the address is the visitor's own. Not the
 * business's own name nor the visitor's.
 */
function companyNamedBefore(
  email: string | undefined,
  ctx: ExtractionContext,
  excluded: ReadonlySet<string>,
  names: ReadonlyArray<string | undefined>,
): string | undefined {
  if (!email || email === ctx.known?.email || !ctx.earlier || ctx.earlier.length === 0) return undefined;
  const label = domainLabel(email);
  if (label === undefined || (ctx.known?.company && spellsPart(ctx.known.company, label))) return undefined;
  // "Ellie Thornbury" then ellie.t@thornburygc.co.uk: the visitor's name or one word of it is no business
  // ("Gregor Zajc" then gregor@gregorzajc.com), unless the "name" known was a business misread as one: three
  // words or more, or a word of a business ("Plavi Val Diving", then tomislav@plavival.hr).
  const nameWords = new Set([...names, ctx.known?.name].flatMap((n) => (n ? n.toLowerCase().split(' ') : [])));
  const knownName = ctx.known?.name?.toLowerCase();
  const misreadName = knownName !== undefined && (knownName.split(' ').length >= 3 || holdsBusinessWord(knownName));
  const accept = (value: string) => {
    const lower = value.toLowerCase();
    return (
      !excluded.has(lower) &&
      !names.some((n) => n?.toLowerCase() === lower) &&
      !(lower === knownName && !misreadName) &&
      !(!lower.includes(' ') && nameWords.has(lower))
    );
  };
  return findDomainNamedBefore(label, recentMessages(ctx.earlier), maskMessage, accept);
}

export function extractDetails(message: string, ctx: ExtractionContext): ExtractedDetails {
  const text = normalised(message);
  // A line in capitals is read with its small words in lower case (shouted-text.ts); the company is then
  // given back as the visitor wrote it (the recased text keeps the length, so the same place in the message).
  const recased = recaseShouted(text);
  if (recased === undefined) return readDetails(text, ctx, false);
  const out = readDetails(recased, ctx, true);
  if (out.company) {
    const at = recased.indexOf(out.company);
    if (at >= 0) out.company = text.slice(at, at + out.company.length);
  }
  return out;
}

function readDetails(text: string, ctx: ExtractionContext, shouted: boolean): ExtractedDetails {
  const business = ctx.business ?? NO_BUSINESS;
  const excluded = new Set(business.names);
  const out: ExtractedDetails = { fields: {} };
  const found = findEmails(text);
  const masked = maskAddresses(text, found);

  const emails = found.filter((c) => !isBusinessEmail(c.value, business));
  const email = pickCandidate(text, emails, 'contact');
  if (email) out.email = email;

  const phones = findPhones(masked, ctx.defaultCountry).filter((c) => !isBusinessPhone(c.value, business));
  const phone = pickCandidate(masked, phones, 'contact');
  if (phone) out.phone = phone;
  else if (!ctx.defaultCountry && hasUnreadPhone(masked, ctx.asked === 'phone')) out.unreadPhone = true;

  // A message that was only an email or a phone number ("+49 171 2345678") holds no name or company.
  if (!/\p{L}{2}/u.test(masked)) {
    const before = companyNamedBefore(email, ctx, excluded, []);
    if (before) out.company = before;
    return out;
  }

  const target = bareAnswerTarget(text, ctx);
  const names = findNames(
    text,
    masked,
    emails.map((c) => c.start),
    {
      askedForName: target === 'name',
      knownName: ctx.known?.name ?? undefined,
      excluded,
      emailLocals: emails.map((c) => localPartOf(c.value)),
    },
  );
  const knownName = ctx.known?.name;
  const knownFirst = knownName?.split(' ')[0] ?? '';
  // A weak reading (a signature, a bare line) never replaces a name the conversation gave, unless it is
  // the fuller form of it: the known name's words, then more ("Yanis" -> "Yanis Bühler"; not
  // "Yokasta Peralta" -> "Yokasta Beauty").
  const knownWords = knownName?.split(' ') ?? [];
  const extends_ = (c: Candidate) => {
    const words = c.value.split(' ');
    return words.length > knownWords.length && knownWords.every((w, i) => sameWord(words[i] ?? '', w));
  };
  // A nickname then the full name ("Nico" -> "Nicolás Ferraro", "Jojo" -> "Josefina Reyes"): the first
  // letters agree. Anything else that is only a line of capitalised words is as likely the company.
  // A full name that reads as a person's or that the visitor's address spells ("Memo" -> "Guillermo Ortiz"
  // beside memo.ortiz@...) replaces a one-word name too.
  // Read only when a nickname is weighed (a known one-word name and a weak fuller reading): seldom.
  const spelt = () =>
    new Set(
      [...emails.map((c) => c.value), ctx.known?.email ?? '']
        .flatMap((e) => e.slice(0, e.indexOf('@')).split(/[._\d-]+/))
        .filter((w) => w.length > 2),
    );
  const nickname = (c: Candidate) =>
    !knownName?.includes(' ') &&
    c.value.includes(' ') &&
    (sameWord(c.value.slice(0, 2), knownFirst.slice(0, 2)) ||
      looksLikePerson(c.value) ||
      [...spelt()].some((s) => sameWord(s, c.value.split(' ').pop() ?? '')));
  const fuller = (c: Candidate) => extends_(c) || nickname(c);
  strengthenCorrections(names, masked);
  // While the company was asked for, a bare line is the company, not a name.
  const bareLine = (c: Candidate) =>
    masked.slice(0, c.start).trim() === '' &&
    /^[\s.!]*$/u.test(masked.slice(c.end).replace(/\p{Extended_Pictographic}/gu, ''));
  // "Zawadi Beauty Parlour", "Pharmacie Bouzid": a line holding a business word or legal form is a company.
  const holdsBusinessWord = (c: Candidate) =>
    c.value.includes(' ') &&
    c.value
      .split(' ')
      .some((w) => !isPersonNameWord(w.toLowerCase()) && !w.includes('-') && (isBusinessWord(w) || isCompanyEnding(w)));
  // In capitals every word looks like a name ("I'M LOSING ORDERS ... THIS IS GREG POLANSKI"): when some reading
  // holds a known given or family name, readings without one are the words around it.
  const namesPerson = (c: Candidate) => c.value.split(' ').some((w) => isPersonNameWord(w.toLowerCase()));
  const nameChoices = names.filter(
    (c) =>
      (!c.weak ||
        ((knownName ? fuller(c) : true) && !(ctx.asked === 'company' && bareLine(c)) && !holdsBusinessWord(c))) &&
      !(shouted && !namesPerson(c) && names.some(namesPerson)),
  );
  // A clear statement beats a reading without one ("Name's Cedric Ferguson": the lead-in, not the line).
  const strongNames = nameChoices.filter((c) => !c.weak);
  const picked = pickCandidate(masked, strongNames.length > 0 ? strongNames : nameChoices, 'name');
  // "It's Olivia. Olivia Hart": the fuller of two readings of one name in a message.
  const fullest = nameChoices
    .filter(
      (c) =>
        picked &&
        c.value.length > picked.length &&
        c.value.split(' ').slice(0, picked.split(' ').length).join(' ') === picked,
    )
    .sort((a, b) => b.value.length - a.value.length)[0]?.value;
  const read = fullest ?? picked;
  let name = chooseName(knownName, read);

  const companies = findCompanies(
    masked,
    {
      // Asked for the name but given none: a line that reads as an organisation is the company.
      askedForCompany:
        target === 'company' || (target === 'name' && !names.some((n) => !n.weak) && !ctx.known?.company),
      guessedAnswer: ctx.asked !== 'company',
      excluded,
      nameEnds: nameChoices.map((c) => c.end),
      nameKnown: Boolean(knownName),
      domains: [...emails.map((c) => c.value), ctx.known?.email ?? '']
        .map((e) => (e ? domainLabel(e) : undefined))
        .filter((d): d is string => d !== undefined),
    },
    text,
  );
  strengthenCorrections(companies, masked, true);
  trimCompaniesAfterNames(companies, nameChoices, masked);
  // "Noura" then "store name Noura Couture": a weak name reading that a clear company reading names in full
  // is the business, not a fuller name.
  const readAsBusiness =
    Boolean(knownName) &&
    strongNames.length === 0 &&
    companies.some((c) => !c.weak && c.value.toLowerCase() === read?.toLowerCase());
  if (readAsBusiness) name = undefined;
  // A person's name is not a company: drop readings that fall on a name read in this message.
  const companyChoices = companies.filter(
    (c) =>
      // (Not when that reading was just judged the business: "Noura", then "store name Noura Couture".)
      !(readAsBusiness ? [name] : [name, read]).some((v) => v?.toLowerCase() === c.value.toLowerCase()) &&
      // A reading that falls on a person's name is not the company, even where that name was not kept.
      !(
        c.weak &&
        (ctx.known?.company ||
          names.some(
            (n) =>
              n.start < c.end &&
              c.start < n.end &&
              // "Qureshi Cash & Carry Ltd" read as "Qureshi Cash": a legal form after more of the name says
              // the longer span is no person ("Johan Ek" is one).
              !(endsWithLegalForm(c.value) && masked.slice(n.end, c.end).trim().split(/\s+/).length > 1) &&
              !businessAfterName(n, c, masked) &&
              !namesBusiness(n, c) &&
              // A weak name reading that lost to another name ("Kind regards,\nNikos Vlachakis\nGeneral
              // Manager\nAegean Blue Suites": both lines read as names) does not hide the company.
              ((nameChoices.includes(n) && (!n.weak || n.value === (fullest ?? picked))) || looksLikePerson(n.value)),
          ))
      ),
  );
  const strongCompanies = companyChoices.filter((c) => !c.weak);
  const company = pickCandidate(masked, dedupeByStart(strongCompanies.length > 0 ? strongCompanies : companyChoices));
  if (company) out.company = company;
  else {
    const before = companyNamedBefore(email, ctx, excluded, [name, read]);
    if (before) out.company = before;
  }
  // "shop em tên là Linh Xinh Store": a weak name reading that is the head of the company's name is not the name.
  const swallowed = names.some(
    (n) =>
      n.weak && n.value === name && companyChoices.some((c) => c.value === company && businessAfterName(n, c, masked)),
  );
  if (name && name.toLowerCase() !== company?.toLowerCase() && !swallowed) out.name = name;

  out.fields = findLabelledFields(text, masked, out.company);
  return out;
}
