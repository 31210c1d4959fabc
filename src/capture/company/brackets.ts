/**
 * "we're a marketing agency in Denver (Summit Signal Marketing)", "Wir sind ein kleiner Fahrradladen
 * (Radhaus Förde)": a capitalised name in brackets, where the visitor has just spoken of their business.
 */
import type { Candidate } from '../text.js';
import { readBareCompany } from './bare-answers.js';
import { BUSINESS_NOUN, OWNERSHIP } from './ownership-lead-ins.js';
export function findBracketedNames(masked: string, out: Candidate[]): void {
  for (const m of masked.matchAll(/\(([^()@\d]{2,60})\)/gu)) {
    const inside = (m[1] ?? '').trim();
    const before = masked.slice(Math.max(0, m.index - 90), m.index);
    if (!OWNERSHIP.test(before) && !BUSINESS_NOUN.test(before)) continue;
    const company = readBareCompany(inside, true);
    if (company) {
      const at = m.index + m[0].indexOf(inside);
      out.push({ value: company, start: at, end: at + company.length, weak: true });
    }
  }
}
