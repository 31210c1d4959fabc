/**
 * A business name in quotes where the visitor speaks of their business: "we are small family bakery 'Moroz
 * Bakehouse'", "meri boutique hai 'Rang Resham' naam se", "Bodrum'da 'Mavi Tekne Turları' diye bir tekne
 * turu", "у мене мала друкарня — «ДрукАрт»", "カフェ「こもれび」を経営". Quotes set a name apart in every
 * language, so no lead-in is needed; a business word or a word for a name in the same sentence says the
 * name is the visitor's business and not a quoted phrase ("I handle the 'tech stuff'").
 */
import { matchesOf, type Candidate } from '../text.js';
import { readBareCompany } from './bare-answers.js';
import { isHolder } from './named-business.js';

// An opening quote (not an apostrophe inside a word), the name, its closing quote. Inside, an apostrophe
// followed by a letter is part of the name ("'Tasnim's Closet'", "‘Kat’s Kitchen’").
const QUOTED =
  /(?<![\p{L}\p{N}])(['‘"“«„「『])\s*((?:[^'‘’"“”«»„「」『』\n]|['’](?=\p{L}))+?)\s*(['’"”»“」』])(?![\p{L}\p{N}])/gu;
const CLOSES: Record<string, string> = {
  "'": "'’",
  '‘': "’'",
  '"': '"”',
  '“': '”"',
  '«': '»',
  '„': '“"',
  '「': '」',
  '『': '』',
};
// Words for a name or for naming, in the languages the visitors write: "name", "naam se", "esmaha", "diye".
const NAMING_WORDS =
  /(?:^|[^\p{L}])(?:name[ds]?|naam|nama|nom|nombre|nome|namens|called|llamad[oa]|chamad[oa]|appel[ée]e?|heißt|heisst|heet|heter|hedder|adı|ad[ıi]nda|diye|esm[ao]?|esmaha|esmha|isim|ismi|imya|nazvanie|tên|brand|label|store|shop|marca|marque)(?![\p{L}])/iu;

const SPEECH = /\b(?:say|says|saying|said|told|tell|wrote|write|writes|asked|ask|reads|reading|called\s+me|like)\b/iu;

export function findQuotedNames(masked: string, out: Candidate[]): void {
  for (const m of matchesOf(masked, QUOTED)) {
    const open = m[1] ?? '';
    if (!(CLOSES[open] ?? '').includes(m[3] ?? '')) continue;
    const inside = (m[2] ?? '').trim();
    if (inside.length < 2 || inside.length > 60 || /\d{4,}|@/.test(inside)) continue;
    // The sentence around the quote, up to the next sentence end after it ("'Rang Resham' naam se").
    // The last words before the quote: the business word stands close to its name ("family bakery 'X'",
    // "meri boutique hai 'X'"), and a quote after "saying" or "said" is someone's words.
    const before = (
      masked
        .slice(Math.max(0, m.index - 70), m.index)
        .split(/[.!?\n]\s/u)
        .pop() ?? ''
    )
      .split(/\s+/)
      .filter(Boolean)
      .slice(-6)
      .join(' ');
    if (SPEECH.test(before)) continue;
    const after = masked.slice(m.index + m[0].length, m.index + m[0].length + 25).split(/[.!?\n]/u)[0] ?? '';
    const business = (before.toLowerCase().match(/[\p{L}]+/gu) ?? []).some(isHolder);
    const named = NAMING_WORDS.test(before) || NAMING_WORDS.test(after);
    if (!business && !named) continue;
    const company = readBareCompany(inside, false, true);
    if (!company) continue;
    const at = m.index + m[0].indexOf(inside);
    out.push({ value: company, start: at, end: at + company.length, weak: true });
  }
}
