/** The organisation in a signature: the lines under the visitor's name, past roles and contact lines. */
import { endsWithDepartment, isRolePhrase, ROLE_PATTERN } from '../lexicons/job-titles.js';
import { endsWithLegalForm } from '../lexicons/legal-forms.js';
import type { Candidate } from '../text.js';
import type { CompanyContext } from '../company.recognizer.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
/** A line that holds only contact details: "T +43 512 58 34 21", "M: 016-338 2904", an address. */
function isContactLine(line: string): boolean {
  return (
    /\d{3,}|@|https?:|www\./i.test(line) && (line.replace(/[^\d]/g, '').length >= 6 || /@|https?:|www\./i.test(line))
  );
}

/** The lines after the visitor's name in a signature: skip roles and contact lines, take the organisation. */
export function findSignatureLines(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  for (const end of ctx.nameEnds) {
    const lineEnd = masked.indexOf('\n', end);
    if (lineEnd < 0 || masked.slice(end, lineEnd).trim()) continue; // the name must end its line
    let offset = lineEnd + 1;
    let found: Candidate | undefined;
    for (const line of masked.slice(offset).split('\n').slice(0, 4)) {
      const trimmed = line.trim();
      const lineStart = offset + line.indexOf(trimmed);
      offset += line.length + 1;
      if (!trimmed || isContactLine(trimmed)) continue;
      const role = ROLE_THEN_SEPARATOR.exec(trimmed);
      const roleText = role?.[0].replace(/[\s,|–—·@-]+$|\s(?:at|with)\s*$/giu, '') ?? '';
      const skip = role && isRolePhrase(roleText) ? role[0].length : 0;
      if (!skip && isRolePhrase(trimmed)) continue;
      // "Manager, Overseas Sales": a department after the role; the organisation is on a later line.
      if (skip && endsWithDepartment(trimmed.slice(skip))) continue;
      // "General Affairs Department", "Abteilung Einkauf": a department line, the organisation comes later.
      if (!skip && DEPARTMENT_LINE.test(trimmed)) continue;
      const at = lineStart + skip;
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
      if (company && company.length >= trimmed.length - skip - 3) {
        const reading = { value: company, start: at, end: at + company.length, weak: true };
        // A line ending in a legal form below it is the organisation ("Drejtore Ekzekutive\nAdriatik Tours
        // SH.P.K."): an untitled line above it is more likely a role in a language we do not list.
        if (!found && !endsWithLegalForm(company)) {
          found = reading;
          continue;
        }
        if (endsWithLegalForm(company)) found = reading;
        break;
      }
    }
    if (found) out.push(found);
  }
}

// A role (or a few words) and a separator opening a line: "CEO, Acme", "Owner | Acme", "Manager at Acme".
// Built once: built per line, its long source was put together and looked up again each time.
const ROLE_THEN_SEPARATOR = new RegExp(
  `^(?:${ROLE_PATTERN}|[\\p{L}][\\p{L} .&-]{0,40}?)\\s*(?:,|\\||[-–—·]|\\sat\\s|@|\\swith\\s)\\s*`,
  'iu',
);

const DEPARTMENT_LINE =
  /(?:^|\s)(?:department|dept\.?|division|abteilung|departamento|d[ée]partement|dipartimento|afdeling|avdelning|afdeling|dział|oddělení)(?:\s|$)/iu;
