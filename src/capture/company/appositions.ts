/**
 * "We are X, a <business>": a name followed by what kind of business it is, whatever its case ("wir sind radwerk,
 * ein kleiner fahrradladen", "somos la taberna del puerto, un bar de tapas", "we're Bean There, tiny coffee
 * roastery"). The words after the comma say that X is a business, so X need not be capitalised.
 */
import { BUSINESS_WORD_PATTERN, mentionsBusiness } from '../lexicons/business-nouns.js';
import { hasAnyWord, matchesOf, wordsOf, type Candidate } from '../text.js';
import { SENTENCE_WORDS } from '../lexicons/words.js';
import { readCompany, validCompany } from './read-company.js';

const WE_ARE = String.raw`(?:we['’]re|we\s+are|we\s+r|wir\s+sind|wij\s+zijn|we\s+zijn|somos|nous\s+sommes|on\s+est|siamo|vi\s+er|vi\s+är|jeste[śs]my|kami\s+adalah|kami)`;
// The kind of business after the comma: an article or none, up to four words, the business word.
const ARTICLE = String.raw`(?:a|an|the|un|una|uno|ein|eine|einen|een|une|um|uma|en|ett|et|el|la|le)\s+`;
const KIND = String.raw`(?:[\p{L}'’-]+\s+){0,4}?${BUSINESS_WORD_PATTERN}(?![\p{L}])`;
const APPOSITION = String.raw`\s*,\s*(?:${ARTICLE})?${KIND}`;
/** "X, a guesthouse in Bran": what kind of business X is, after the name, to the end of the line. */
export const KIND_AFTER_NAME = new RegExp(
  String.raw`\s*,\s*(?:a|an|un|una|uno|ein|eine|einen|een|une|um|uma|en|ett|et)\s+${KIND}[^\n]*$`,
  'iu',
);
const NAMED_THEN_KIND = new RegExp(String.raw`(?<![\p{L}'’])${WE_ARE}\s+([^,.!?\n]{2,60}?)${APPOSITION}`, 'giu');

// What stands after "we are" when no name follows ("we are a small bakery, a family business", "we are
// based in Leeds, a ...").
const NO_NAME =
  /^(?:a|an|un|una|uno|ein|eine|een|une|um|uma|en|ett|et|just|only|based|located|in|at|from|here|open|now|still|not|also|really|very|so|too|currently|looking|small|new|two|three|family|\p{N})(?![\p{L}\p{N}])/iu;

// The words of WE_ARE, for a look-up before the regex runs.
const WE_WORDS = [
  'we',
  "we're",
  'we’re',
  'wir',
  'wij',
  'somos',
  'nous',
  'on',
  'siamo',
  'vi',
  'jesteśmy',
  'jestesmy',
  'kami',
];

export function findAppositions(masked: string, out: Candidate[]): void {
  if (!hasAnyWord(masked, WE_WORDS) || !mentionsBusiness(wordsOf(masked))) return;
  for (const m of matchesOf(masked, NAMED_THEN_KIND)) {
    // "we're called Mizu Tea Lab, bubble tea brand": the naming word is not part of the name.
    const said = (m[1] ?? '').trim().replace(/^(?:called|named)\s+/iu, '');
    if (NO_NAME.test(said)) continue;
    // The whole of what stands between "we are" and the comma ("Bean There", "la taberna del puerto"),
    // a name of a few words, not a clause.
    const words = said.split(/\s+/);
    if (words.length > 6 || words.some((w) => SENTENCE_WORDS.has(w.toLowerCase())) || !validCompany(said)) continue;
    const company = readCompany(said, 'lenient') === said ? said : said.replace(/^(?:the|a|an)\s+(?=\p{Lu})/u, '');
    const start = masked.indexOf(company, m.index);
    out.push({ value: company, start, end: start + company.length, weak: true });
  }
}
