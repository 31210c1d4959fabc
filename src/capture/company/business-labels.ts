/**
 * A word for the visitor's kind of business used as a label, or named in the order of languages that say
 * "name of the shop X": "shop: dhaka gadget hub", "kafe: Kahve Durağı", "toko: Fitri Hijab Gallery", "biz -
 * o'brien electrical", "El negocio: Hostal Casa Fonseca", "nama kedai Kek Mak Nab", "nama usahanya X", "esm
 * el shirke Masaha Interiors", "esm-e kelinik: Labkhand Dental Clinic" (Malay/Indonesian, Arabic and Persian
 * in Latin letters), "usahanya Kedai Kopi Rindu". Any word the business-word lexicon (or the naming reader's holders) knows counts, so
 * no language's label is listed one by one. Runs only when the message has a label mark or a "name" word.
 */
import { hasAnyWord, matchesOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { isHolder, isNameWord, SOMEONE_ELSES } from './named-business.js';

// A business word opening a line, clause or list item, then ":" or a dash: a label.
const LABEL =
  /(?:^|[\n,;/|(]|[.!?]\s)[ \t]*(?:(?:el|la|le|il|the|o|a|my|our|mi|ma|mon)[ \t]+)?(\p{L}[\p{L}'’-]*)[ \t]*(?::|[ \t][-–—])[ \t]*/giu;
// "nama kedai X", "esm el shirke X", "esm-e kelinik: X", "ism al-sharika X": the word for "name", then the
// kind of business (with Arabic "al-/el-", Persian "-e", Malay "-nya", Arabic "-ha" around it), then the name.
const NAME_OF =
  /(?<![\p{L}\p{N}])(?:nama|esm|ism|esme|esmi)(?:-e)?[ \t]+(?:(?:al|el)[- ]?)?(\p{L}[\p{L}\p{N}'’]*)(?:-e)?[ \t]*[:–-]?[ \t]*/giu;
const NAME_WORDS = ['nama', 'esm', 'ism', 'esme', 'esmi', 'esm-e'];
// Malay/Indonesian "its business X", "tokonya X": a business word with "-nya", then a capitalised name.
const ITS = /(?<![\p{L}])(\p{Ll}+nya)[ \t]+(?=\p{Lu})/gu;
// Words that name the person or the request, never the business, even where a lexicon lists them ("page"),
// beside the word "name" in any language (isNameWord).
const NOT_BUSINESS_LABELS = new Set('page line channel team office spot van truck club'.split(' '));
const notALabel = (word: string) => isNameWord(word) || NOT_BUSINESS_LABELS.has(word);
// The Malay/Indonesian "-nya" ("its") and Arabic "-ha" ("her/its") glued to the business word.
const POSSESSIVE = /(?:nya|ha)$/u;

function holds(word: string): boolean {
  const lower = word.toLowerCase();
  if (notALabel(lower)) return false;
  const stem = lower.replace(POSSESSIVE, '');
  return isHolder(lower) || (stem !== lower && !notALabel(stem) && isHolder(stem));
}

export function findBusinessLabels(masked: string, out: Candidate[]): void {
  const labelled = masked.includes(':') || /[ \t][-–—][ \t]/u.test(masked);
  const namedOf = hasAnyWord(masked, NAME_WORDS);
  if (labelled) read(masked, LABEL, out);
  if (namedOf) read(masked, NAME_OF, out);
  if (masked.includes('nya ')) read(masked, ITS, out);
}

function read(masked: string, re: RegExp, out: Candidate[]): void {
  for (const m of matchesOf(masked, re)) {
    if (!m[1] || !holds(m[1])) continue;
    // "we used a studio - Pixel Forge - before": a business the visitor used is not theirs.
    const before =
      masked
        .slice(Math.max(0, m.index - 60), m.index + m[0].length)
        .split(/[.!?\n]/u)
        .pop() ?? '';
    if (SOMEONE_ELSES.test(before)) continue;
    const at = m.index + m[0].length;
    const rest = masked.slice(at, at + LOOKAHEAD);
    // A label's value in any case; it must open with a letter ("Studio: 3 rooms" names nothing).
    if (!/^['"“‘«]?\p{L}/u.test(rest)) continue;
    const company = readCompany(
      rest.replace(/^['"“‘«]/u, ''),
      /^['"“‘«]?\p{Lu}/u.test(rest) ? 'strict' : 'lenient',
    )?.replace(/['’"”»]+$/u, '');
    if (!company || company.length < 3) continue;
    const start = masked.indexOf(company, at);
    if (start >= 0) out.push({ value: company, start, end: start + company.length });
  }
}
