/**
 * The organisation the visitor works for or represents: labelled ("Company - X", "Organisation: X"),
 * after roles and verbs ("CTO of Y", "Head of Ops at Y", "working for Y", "I run Y", "we are Y", "on
 * behalf of Y", "I'm with Y"), after the visitor's name ("Sara from Y", "Ivan with Y"), in a signature,
 * by a legal form of many countries ("Müller Bau GmbH", "PT Maju Jaya"), or as the bare answer when the
 * assistant has just asked for it. Places ("I'm from Dubai"), the business itself and roles are not
 * companies.
 */
import {
  endsWithLegalForm,
  isStrongCompanyEnding,
  mayHoldLegalForm,
  mayHoldWrittenLegalForm,
} from './lexicons/legal-forms.js';
import { hasAnyWord, wordsOf, type Candidate } from './text.js';
import { mentionsCapitalisedKind } from './lexicons/business-kinds.js';
import { AFFILIATION_LEAD_INS } from './company/affiliation-lead-ins.js';
import { findAfterNames } from './company/after-names.js';
import { findBareAnswer } from './company/bare-answers.js';
import { findAppositions } from './company/appositions.js';
import { findBracketedNames } from './company/brackets.js';
import { findBusinessOf } from './company/business-of.js';
import { extendOverKinds, findBusinessKindSpans } from './company/business-kind-spans.js';
import { findCaseEndings } from './company/case-endings.js';
import { findBusinessLabels } from './company/business-labels.js';
import { findDomainNamed } from './company/email-domain.js';
import { findLeadIns } from './company/lead-in.js';
import { findLegalFormSegments } from './company/legal-form-segments.js';
import { findLegalFormSpans } from './company/legal-form-spans.js';
import { findListItems } from './company/list-items.js';
import { findNamedBusinesses } from './company/named-business.js';
import { findQuotedNames } from './company/quoted-names.js';
import { LABEL_WORDS, NAMING_LEAD_INS } from './company/naming-lead-ins.js';
import { BUSINESS_NOUN, OWNERSHIP, OWNERSHIP_LEAD_INS } from './company/ownership-lead-ins.js';
import { findRolePrepositions } from './company/role-prepositions.js';
import { findSignatureLines } from './company/signatures.js';

export interface CompanyContext {
  /** The assistant has just asked for the company: a bare answer is the company. */
  askedForCompany: boolean;
  /** The company was not asked for but is the detail the visitor most likely answers: only a capitalised name counts. */
  guessedAnswer: boolean;
  /** Names that are never the visitor's company: the business's own. Lower case. */
  excluded: Set<string>;
  /** Where the visitor's own name was read, so "Sara from Y" can be told from "a quote from Y". */
  nameEnds: number[];
  /** The conversation already gave the visitor's name: a bare line of capitalised words is not it. */
  nameKnown?: boolean;
  /** The business-naming parts of the visitor's email domains ("kerrycraftbrewery"); empty for webmail. */
  domains?: readonly string[];
}

const LEAD_INS = [...NAMING_LEAD_INS, ...AFFILIATION_LEAD_INS, ...OWNERSHIP_LEAD_INS];
const OWN_BUSINESS = { businessNoun: BUSINESS_NOUN, ownership: OWNERSHIP };

// Words without which an all-lower-case message can give no company (only labels and "called" read one).
const LOWER_CASE_TRIGGERS = [
  ...LABEL_WORDS,
  'called',
  'named',
  'llama',
  'chama',
  'appelle',
  'chiama',
  'heißt',
  'heisst',
  'heet',
  'heter',
  'hedder',
  'nazywa',
  'jmenuje',
  'naam',
  'nama',
  'namanya',
];

const TRAILING_PICTOGRAPHS = /[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/u;

// A quote opening after a space or at the start (not the apostrophe of "I'm"): a quoted name may follow.
const OPENING_QUOTE = /(?:^|[^\p{L}\p{N}])['‘"“«„「『]/u;

export function findCompanies(masked: string, ctx: CompanyContext, text = masked): Candidate[] {
  const out: Candidate[] = [];
  if (ctx.domains && ctx.domains.length > 0) findDomainNamed(masked, ctx.domains, out);
  const domainRead = new Set(out);
  // "wir sind radwerk, ein kleiner fahrradladen": the kind of business after the name says it is one.
  findAppositions(masked, out);
  // "shop: dhaka gadget hub", "nama kedai X": a business word as a label reads a name in any case.
  findBusinessLabels(masked, out);
  // Most readings need a capital letter: a lower-case message without a label or "called" has no company.
  if (out.length === 0 && !ctx.askedForCompany && !/\p{Lu}/u.test(masked) && !hasAnyWord(masked, LOWER_CASE_TRIGGERS))
    return out;
  const mayHoldForm = mayHoldLegalForm(wordsOf(masked), masked);
  const legalForm =
    (mayHoldForm && (masked.match(/[\p{L}.()'-]+/gu) ?? []).some(isStrongCompanyEnding)) ||
    /\b(?:PT|CV)\s/.test(masked);
  findLeadIns(masked, LEAD_INS, legalForm, OWN_BUSINESS, out);
  findRolePrepositions(masked, out);
  findNamedBusinesses(masked, out, ctx.askedForCompany);
  findBusinessOf(masked, out);
  findCaseEndings(masked, out);
  findAfterNames(masked, ctx, out);
  findSignatureLines(masked, ctx, out);
  if (legalForm) findLegalFormSegments(masked, out);
  if (legalForm || mayHoldWrittenLegalForm(wordsOf(masked), masked)) findLegalFormSpans(masked, ctx.nameEnds, out);
  findListItems(masked, text, out, ctx.nameKnown === true);
  if (masked.includes('(')) findBracketedNames(masked, out);
  if (OPENING_QUOTE.test(masked)) findQuotedNames(masked, out);
  if (ctx.askedForCompany && out.length === 0) findBareAnswer(masked, out, ctx.guessedAnswer, ctx.nameKnown === true);
  // "Farmacia Santa Rita", "Molnár Pékség": a name a kind of business heads or ends, when nothing else was read.
  if (out.length === 0) findBusinessKindSpans(masked, ctx.nameEnds, out);
  else if (mentionsCapitalisedKind(wordsOf(masked), masked)) extendOverKinds(masked, out);
  for (const c of out)
    if (c.weak && statesOrganisation(masked, c, domainRead) && !ctx.nameEnds.some((e) => e > c.start && e <= c.end))
      // Cleared, not deleted: a deleted property turns the object into a slow dictionary for every later reader.
      c.weak = false;
  for (const c of out)
    if (TRAILING_PICTOGRAPHS.test(c.value)) {
      // "(wick & wattle 🕯️)": an emoji after the name is not part of it.
      c.value = c.value.replace(TRAILING_PICTOGRAPHS, '');
      c.end = c.start + c.value.length;
    }
  return out.filter((c) => c.value !== '' && !ctx.excluded.has(c.value.toLowerCase()));
}

/**
 * A message that is only an organisation's name, written with its legal form or spelt by the visitor's own
 * email domain ("Numidia Conseil SARL", "Nordsport AS" beside kd@nordsport.no), states the company as
 * clearly as a label does: it is no guess, and replaces a company read earlier from a passing mention (not
 * when a person's name was read inside it: "Sunt Cristina Popa de la EduTech Moldova SRL").
 */
function statesOrganisation(masked: string, c: Candidate, domainRead: ReadonlySet<Candidate>): boolean {
  const rest = masked.slice(0, c.start) + masked.slice(c.end);
  if (/\p{L}/u.test(rest) || masked.slice(c.start, c.end) !== c.value) return false;
  return domainRead.has(c) || endsWithLegalForm(c.value.replace(/[.,]+$/, ''));
}
