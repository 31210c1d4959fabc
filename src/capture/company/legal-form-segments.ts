/** A segment of its own that ends with a legal form ("+43 699 1827 3645 – Leitner-Wolf Steuerberatung KG"). */
import { isDepartment, isRolePhrase } from '../lexicons/job-titles.js';
import { endsWithLegalForm, isLegalForm } from '../lexicons/legal-forms.js';
import { withoutSentenceOpener } from './legal-form-spans.js';
import { isAbbreviation, matchesOf, type Candidate } from '../text.js';
import { readCompany } from './read-company.js';
export function findLegalFormSegments(masked: string, out: Candidate[]): void {
  const segment =
    /(?:^|[\n,;|·:]|\s[-–—]\s)\s*((?:[^\n,;|·:]|,(?=\s*(?:ltd|inc|llc|lda|ltda|s\.?\s?a\b|s\.?\s?de\s+r|srl|sas|csp|gmbh|sarl)\b)){2,80}?)\s*(?=$|[\n;|·:]|,(?!\s*(?:ltd|inc|llc|lda|ltda|s\.?\s?a\b|s\.?\s?de\s+r|srl|sas|csp|gmbh|sarl)\b)|\s[-–—]\s)/giu;
  for (const m of matchesOf(masked, segment)) {
    // The segment may hold several sentences ("directeur de Teranga Digital SARL. On cherche ..."): its first.
    const raw = withoutSentenceOpener(firstSentence(m[1] ?? ''));
    // "Managing Director of Siam Green Energy Co., Ltd.": the organisation is after the role.
    let text = raw;
    for (let strip = 0; strip < 2; strip++) {
      const role = /^(.{2,50}?)\s(?:of|at|@|with|bei|chez|de|da|do|en|na|w|ng)\s+/iu.exec(text);
      if (!role?.[1] || !(isRolePhrase(role[1]) || isDepartment(role[1]))) break;
      text = text.slice(role[0].length);
    }
    // "Royal Mandalay Inn Co., Ltd. contact minthu@...": the name ends at its last legal form.
    const lastForm = [...matchesOf(text, /[\p{L}.()/-]+/gu)]
      .filter((w) => isLegalForm(w[0]) || isLegalForm(w[0].replace(/\.$/, '')))
      .pop();
    const after = lastForm ? text.slice(lastForm.index + lastForm[0].length) : '';
    // Only when what follows is no more of the name ("... Co., Ltd. contact minthu"), not "& Co Renovation".
    const cut =
      lastForm && !endsWithLegalForm(text.replace(/[.,]+$/, '')) && !/^\s+\p{Lu}/u.test(after)
        ? text.slice(0, lastForm.index + lastForm[0].length)
        : text;
    if (cut !== text && endsWithLegalForm(cut.replace(/[.,]+$/, ''))) {
      const at = m.index + m[0].indexOf(raw);
      const company = readCompany(cut, 'legal');
      if (company && company.length >= cut.trim().length - 2)
        out.push({ value: company, start: at, end: at + company.length, weak: true });
      continue;
    }
    if (!endsWithLegalForm(text.replace(/[.,]+$/, '')) || /\d{3,}/.test(text)) continue;
    const at = m.index + m[0].indexOf(text);
    const company = readCompany(text, 'legal');
    if (company && company.length >= text.trim().length - 2)
      out.push({ value: company, start: at, end: at + company.length, weak: true });
  }
}

const SENTENCE_END = /(\S*)\.\s+(?=\p{Lu}\p{Ll}+\s)/gu;

/** The text up to its first full stop; the dot of an abbreviation ends none ("Rosen & Co. Law Offices"). */
function firstSentence(text: string): string {
  for (const m of matchesOf(text, SENTENCE_END))
    if (!isAbbreviation(m[1] ?? '')) return text.slice(0, m.index + (m[1] ?? '').length);
  return text;
}
