/** A role, then a preposition, then the organisation: "CEO of Acme", "Shopleiter bei X", "gérant de la société X". */
import { isDepartment, isRolePhrase, isRoleWord } from '../lexicons/job-titles.js';
import { endsWithLegalForm } from '../lexicons/legal-forms.js';
import { matchesOf, wordsOf, type Candidate } from '../text.js';
import { escape, LOOKAHEAD, readCompany } from './read-company.js';

// Roles that head an organisation: "CEO of Acme", "fundador de X" (not "Head of Ops", "Jefa de Marketing").
export const HEADS_ORGANISATION =
  /(?:^|\s)(?:ceo|cto|cfo|coo|cmo|cio|founder|co-?founder|owner|co-?owner|president|chairman|chairwoman|partner|proprietor|md|gm|fondateur|fondatrice|g[ée]rante?|fundador[a]?|dueñ[oa]|dono|dona|socio|sócio|s[óo]ci[oa]\s+fundador[a]?|propri[ée]taire|inhaber|gründer|eigenaar|oprichter|zaakvoerder|właściciel|prezes|managing\s+director|director\s+general|directeur\s+g[ée]n[ée]ral|titolare|proprietari[oa]|fondat(?:ore|rice)|ägare|eier|indehaver|omistaja|tulajdonos|majitel|jednatel)$/i;

// A role and a preposition before the company, in many languages: "Shopleiter bei X", "gérant de la société X".
const ROLE_PREPOSITION =
  /\s(?:at|@|with|for|of|bei|chez|de|del|della|da|do|na|no|en|presso|w|dla|för|hos|på|ved|bij|voor|van|dari|di|u|pri|v|à|ng|sa)\s+(?:(?:la|el|le|the|a|an)\s+|l['’])?(?:(?:soci[ée]t[ée]|empresa|firma|company|entreprise|azienda)\s+)?/giu;

function holdsRoleWord(words: ReadonlySet<string>): boolean {
  for (const w of words) if (isRoleWord(w)) return true;
  return false;
}

export function findRolePrepositions(masked: string, out: Candidate[]): void {
  // Most messages name no role at all.
  if (!holdsRoleWord(wordsOf(masked))) return;
  for (const m of matchesOf(masked, ROLE_PREPOSITION)) {
    const before = masked.slice(Math.max(0, m.index - 60), m.index);
    const clause = before.split(/[,;:!?\n()|]|\s[-–—]\s|\.\s/).pop() ?? '';
    const words = clause.trim().split(/\s+/).filter(Boolean);
    // The words right before the preposition must be a role: "Managing Director", "responsable marketing".
    let role = false;
    for (let n = 1; n <= Math.min(4, words.length) && !role; n++) role = isRolePhrase(words.slice(-n).join(' '));
    // "we need a partner for a React project": an indefinite role is what the visitor looks for.
    if (!role || words.slice(-3, -1).some((w) => /^(?:a|an|un|una|uma|um|une|ein|eine|een)$/i.test(w))) continue;
    // "Head of Ops", "Director of Sales": after these "of" names a department; "CEO of Acme" names the company.
    const department =
      /^\s(?:of|de|del|della|da|do|des|du)\s/i.test(m[0]) && !HEADS_ORGANISATION.test(words[words.length - 1] ?? '');
    const at = m.index + m[0].length;
    const rest = masked.slice(at, at + LOOKAHEAD);
    const company = readCompany(rest, 'strict');
    // "directeur de Teranga Digital SARL": a legal form says it is the organisation after all.
    if (!company || (department && !endsWithLegalForm(company.replace(/[.,]+$/, '')))) continue;
    // "jefe de TI de Cafetalera Las Segovias S.A.": the department, then the organisation (read at the next "de").
    if (/^\S+\s+(?:of|de|del|da|do|du|des)\s/iu.test(company) && isDepartment(company.split(/\s+/)[0] ?? '')) continue;
    // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
    if (
      /^\s(?:of|de|del|della|da|do)\s/i.test(m[0]) &&
      new RegExp(`^${escape(company)}\\s+(?:at|@|with|bei|chez|en|na|no|de|da|w|in)\\s`, 'i').test(rest)
    )
      continue;
    out.push({ value: company, start: at, end: at + company.length });
  }
}
