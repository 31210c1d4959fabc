/**
 * "we're a marketing agency in Denver (Summit Signal Marketing)", "Wir sind ein kleiner Fahrradladen
 * (Radhaus Förde)": a capitalised name in brackets, where the visitor has just spoken of their business;
 * right after the business word, in any case ("une petite brasserie (la mousse du rhône)").
 */
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { matchesOf, type Candidate } from '../text.js';
import { readBareCompany } from './bare-answers.js';
import { BUSINESS_NOUN, OWNERSHIP } from './ownership-lead-ins.js';
// An address spelt out ("(arroba)", "(at)") or a web address ("(glinianka.pl)") in brackets names nothing.
const NOT_A_NAME_INSIDE =
  /^(?:at|arroba|chiocciola|dot|punto|ponto|point|punkt|snabel|apenstaart|kropka|ma[łl]pa)$|\.\p{L}{2,}$/iu;

export function findBracketedNames(masked: string, out: Candidate[]): void {
  for (const m of matchesOf(masked, /\(([^()@\d]{2,60})\)/gu)) {
    const inside = (m[1] ?? '').trim();
    const before = masked.slice(Math.max(0, m.index - 90), m.index);
    if (!OWNERSHIP.test(before) && !BUSINESS_NOUN.test(before)) continue;
    // Right after a business word ("einen kleinen Hofladen (ederhof)"), the name may be in lower case.
    const afterBusinessWord =
      BUSINESS_NOUN.test(masked.slice(Math.max(0, m.index - 40), m.index)) &&
      !inside.includes(',') &&
      !isBusinessWord(inside) &&
      !NOT_A_NAME_INSIDE.test(inside);
    const company = readBareCompany(inside, !afterBusinessWord);
    if (company) {
      const at = m.index + m[0].indexOf(inside);
      out.push({ value: company, start: at, end: at + company.length, weak: true });
    }
  }
}
