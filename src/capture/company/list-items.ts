/**
 * A list of details ("Abena Ofori-Atta, abena@cediwise.com — CediWise", "saito@hikari-design.jp, Hikari
 * Design"): a capitalised item that is not the name, a place or a role is the company.
 */
import { isCompanyEnding } from '../lexicons/legal-forms.js';
import { mayBePhone } from '../phone.recognizer.js';
import { matchesOf, type Candidate } from '../text.js';
import { readBareCompany } from './bare-answers.js';
export function findListItems(masked: string, text: string, out: Candidate[], nameKnown = false): void {
  // Only a message that holds an email (masked to blanks) or a phone number is a list of details.
  if (!/[@\d]/.test(text) || !/[^\S\n]{6,}|\d[\d\s().-]{5,}\d/.test(masked) || !/[,|·–—]|\.\s/.test(masked)) return;
  const items: Array<{ value: string; at: number }> = [];
  // A phone number is an item of its own even without a separator ("077 845 2296 Perera & Sons Furniture").
  const listed = masked.replace(/\+?\d[\d\s().-]{6,}\d/g, (digits, at: number) =>
    mayBePhone(masked, at, at + digits.length) ? `,${' '.repeat(digits.length - 2)},` : digits,
  );
  for (const m of matchesOf(
    listed,
    /(?:^|[,|·\n:/]|(?<!\b(?:sdn|co|pte|ltd|c[íi]a|nig|san|tic|inc|corp|st|dr|mr|mrs|ms|tel|mob|\p{L}))\.\s|\s[-–—]\s)\s*([^,|·\n:/]*?)\s*(?=$|[,|·\n:/]|(?<!\b(?:sdn|co|pte|ltd|c[íi]a|nig|san|tic|inc|corp|st|dr|mr|mrs|ms|tel|mob|\p{L}))\.\s|\s[-–—]\s)/giu,
  )) {
    items.push({ value: m[1] ?? '', at: m.index + m[0].indexOf(m[1] ?? '') });
  }
  // An email (masked to blanks) or a phone number is a detail item; the company stands next to one.
  const isDetail = (i: number) => {
    const value = items[i]?.value;
    return value !== undefined && (value.trim() === '' || (value.match(/\d/g)?.length ?? 0) >= 7);
  };
  items.forEach((item, i) => {
    if (listed[item.at + item.value.length] === ':' || /^\s*:/.test(listed.slice(item.at + item.value.length))) return; // a label
    const value = item.value
      .trim()
      .replace(/^[–—-]+\s*/, '')
      .replace(/[.!]+$/, '');
    if (!value || /[\d:]/.test(value) || !(isDetail(i - 1) || isDetail(i + 1))) return;
    // A short acronym alone beside a number is a currency or an id label ("FCFA", "NIP"); one other word
    // is as likely a name or a greeting ("Tharindu", "Ayubowan"), unless it looks made up ("CediWise").
    if (/^\p{Lu}{1,5}\.?$/u.test(value) || /\s{3,}/.test(value)) return;
    if (!value.includes(' ') && !/\p{Ll}\p{Lu}/u.test(value) && !isCompanyEnding(value)) return;
    // In a message without lower case ("NO TENGO CORREO. LLAMEME AL ...") capitals tell nothing.
    const company = readBareCompany(value, true, nameKnown && /\p{Ll}/u.test(masked));
    const at = item.at + item.value.indexOf(value);
    if (company) out.push({ value: company, start: at, end: at + company.length, weak: true });
  });
}
