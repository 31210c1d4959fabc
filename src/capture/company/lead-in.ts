/**
 * Running the company lead-ins over a message: each lead-in's regex, then the company read after it.
 * The lead-ins themselves are listed by kind in naming-, affiliation- and ownership-lead-ins.ts.
 */
import { isCompanyEnding } from '../lexicons/legal-forms.js';
import { activeByWords, matchesOf, type Candidate } from '../text.js';
import { escape, LOOKAHEAD, readCompany, type CompanyMode } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';

export interface LeadIn {
  re: RegExp;
  mode: CompanyMode;
  /** "called X" names the visitor's business only after their own business noun ("our bakery is called X"). */
  notAfterSelf?: boolean;
  /** The visitor's ownership must be said just before ("my", "we run"). */
  owned?: boolean;
  /** Words one of which the message must hold for the regex to be worth running. */
  needs?: readonly string[];
  /** A name in lower case is read too (leniently, to the end of its clause); a capitalised one as `mode` says. */
  anyCase?: boolean;
  /** A quick test of the message instead of `needs`, for lead-ins whose words are open-ended. */
  when?: (masked: string) => boolean;
  /** Not a business the visitor only uses or knows ("we use an agency called X"). */
  notOthers?: boolean;
}

/** Whether the words before a lead-in speak of the visitor's own business (for `notAfterSelf` and `owned`). */
export interface OwnBusinessTests {
  businessNoun: RegExp;
  ownership: RegExp;
}

// "se llama X" after a business noun names it even without "my": "la tienda se llama X".
const NAMED_IN_OWN_WORDS =
  /(?:se\s+llama|se\s+chama|si\s+chiama|s['’]appelle|nazywa\s+si[ęe]|se\s+cheam[ăa]|se\s+jmenuje|se\s+zove|heet|hei(?:ß|ss)t|heter|hedder)\s+$/i;

const ALWAYS = () => true;
const uniformLists = new WeakMap<readonly LeadIn[], Array<Required<LeadIn>>>();

/**
 * The lead-ins with every property present (false or empty when not set): objects of one shape, so reading
 * their properties on every message is one quick look-up instead of a search through many object layouts.
 */
function sameShape(leadIns: readonly LeadIn[]): Array<Required<LeadIn>> {
  let uniform = uniformLists.get(leadIns);
  if (!uniform) {
    uniform = leadIns.map((l) => ({
      re: l.re,
      mode: l.mode,
      notAfterSelf: l.notAfterSelf ?? false,
      owned: l.owned ?? false,
      needs: l.needs ?? [],
      anyCase: l.anyCase ?? false,
      when: l.when ?? ALWAYS,
      notOthers: l.notOthers ?? false,
    }));
    uniformLists.set(leadIns, uniform);
  }
  return uniform;
}

export function findLeadIns(
  masked: string,
  leadIns: readonly LeadIn[],
  legalForm: boolean,
  own: OwnBusinessTests,
  out: Candidate[],
): void {
  const uniform = sameShape(leadIns);
  for (const i of activeByWords(masked, leadIns)) {
    const { re, mode, notAfterSelf, owned, when, anyCase, notOthers } = uniform[i] as Required<LeadIn>;
    if (mode === 'legal' && !legalForm) continue;
    if (when && !when(masked)) continue;
    for (const m of matchesOf(masked, re)) {
      const at = m.index + m[0].length;
      // "we run a bakery called X" names the visitor's business; "I'm called Maria" a person, "the app is
      // called Tilly" a product, "we use an agency called BlueOrbit" someone else.
      const before = masked.slice(Math.max(0, m.index - 60), m.index);
      if (
        notAfterSelf &&
        !(own.businessNoun.test(before) && (own.ownership.test(before) || NAMED_IN_OWN_WORDS.test(m[0])))
      )
        continue;
      if (owned && !own.ownership.test(masked.slice(Math.max(0, m.index - 45), m.index))) continue;
      if (
        notOthers &&
        SOMEONE_ELSES.test(
          masked
            .slice(Math.max(0, m.index - 60), m.index)
            .split(/[.!?\n]/u)
            .pop() ?? '',
        )
      )
        continue;
      const rest = masked.slice(at, at + LOOKAHEAD);
      const company = readCompany(rest, anyCase && !/^\s*\p{Lu}/u.test(rest) ? 'lenient' : mode);
      // "a brand, IG ...": a short word after a description of the business is an abbreviation, not its name.
      if (!company || (owned && company.length <= 3)) continue;
      // "I'm from Birkirkara", "I'm from BGC": one word after "I'm from" is a place as often as a company.
      if (
        /\bfrom\s+$/i.test(m[0]) &&
        !company.includes(' ') &&
        !isCompanyEnding(company) &&
        !/\p{Ll}\p{Lu}/u.test(company)
      )
        continue;
      // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
      if (/\bof\s*$/i.test(m[0]) && new RegExp(`^${escape(company)}\\s+(?:at|@|with)\\s`, 'i').test(rest)) continue;
      out.push({ value: company, start: at, end: at + company.length });
    }
  }
}
