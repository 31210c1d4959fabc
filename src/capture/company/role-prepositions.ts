/** A role, then a preposition, then the organisation: "CEO of Acme", "Shopleiter bei X", "gérant de la société X". */
import { isDepartment, isRolePhrase, isRoleWord } from '../lexicons/job-titles.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { endsWithLegalForm, isCompanyEnding } from '../lexicons/legal-forms.js';
import { isCapitalised, matchesOf, wordsOf, type Candidate } from '../text.js';
import { escape, LOOKAHEAD, readCompany } from './read-company.js';

// Roles that head an organisation: "CEO of Acme", "fundador de X" (not "Head of Ops", "Jefa de Marketing").
export const HEADS_ORGANISATION =
  /(?:^|\s)(?:ceo|cto|cfo|coo|cmo|cio|founder|co-?founder|owner|co-?owner|president|chairman|chairwoman|chairperson|secretary|treasurer|manager|partner|proprietor|md|gm|fondateur|fondatrice|g[ée]rante?|fundador[a]?|dueñ[oa]|dono|dona|socio|sócio|s[óo]ci[oa]\s+fundador[a]?|propri[ée]taire|inhaber|gründer|eigenaar|oprichter|zaakvoerder|właściciel|prezes|managing\s+director|director\s+general|directeur\s+g[ée]n[ée]ral|titolare|proprietari[oa]|fondat(?:ore|rice)|ägare|eier|indehaver|omistaja|tulajdonos|majitel|jednatel)$/i;

// "I'm", "I am", "soy", "je suis"... ending the words before "a <role>": the visitor says what they are.
const SAYS_ONESELF =
  /(?:^|\s)(?:i['’]?m|am|i\s+am|we['’]re|we\s+are|soy|sou|sono|je\s+suis|ich\s+bin|ik\s+ben|jestem|jsem|ben|saya|ako)$/iu;

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
    // ("I'm a partner at X", "soy una socia de X": the visitor saying they head it is no search. "I'm a
    // teacher at X" says where they work, which is not what a personal request is for.)
    const indefinite = words.slice(-3, -1).findIndex((w) => /^(?:a|an|un|una|uma|um|une|ein|eine|een)$/i.test(w));
    // The role heads an organisation ("CEO", "owner"): asked once, three readings below depend on it.
    const headsOrganisation = HEADS_ORGANISATION.test(words[words.length - 1] ?? '');
    const heads = headsOrganisation && SAYS_ONESELF.test(words.slice(0, words.length - 3 + indefinite).join(' '));
    if (!role || (indefinite >= 0 && !heads)) continue;
    // "Head of Ops", "Director of Sales": after these "of" names a department; "CEO of Acme" names the company.
    const department = /^\s(?:of|de|del|della|da|do|des|du)\s/i.test(m[0]) && !headsOrganisation;
    // A capitalised article opens the name ("co-owner of Le Petit Café Gagnon"); a lower-case one does not.
    const article = /\s((?:La|El|Le|The)\s+)$/u.exec(m[0]);
    const at = m.index + m[0].length - (article?.[1]?.length ?? 0);
    const rest = masked.slice(at, at + LOOKAHEAD);
    const company = readCompany(rest, 'strict');
    // "directeur de Teranga Digital SARL": a legal form says it is the organisation after all.
    // "Director of Lotus Ayurveda Resort": a name of several words holding a business word or a company
    // ending, and no department, is the organisation too.
    const organisation =
      company !== undefined &&
      company.includes(' ') &&
      !isDepartment(company) &&
      !company.split(' ').some((w) => isDepartment(w)) &&
      company.split(' ').some((w) => isCapitalised(w) && (isBusinessWord(w) || isCompanyEnding(w)));
    if (!company || (department && !organisation && !endsWithLegalForm(company.replace(/[.,]+$/, '')))) continue;
    // "jefe de TI de Cafetalera Las Segovias S.A.": the department, then the organisation (read at the next "de").
    if (/^\S+\s+(?:of|de|del|da|do|du|des)\s/iu.test(company) && isDepartment(company.split(/\s+/)[0] ?? '')) continue;
    // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
    // ("owner of Mei's Bakery in Taichung": after a role that heads it, the organisation, then where it is.)
    if (
      /^\s(?:of|de|del|della|da|do)\s/i.test(m[0]) &&
      !headsOrganisation &&
      new RegExp(`^${escape(company)}\\s+(?:at|@|with|bei|chez|en|na|no|de|da|w|in)\\s`, 'i').test(rest)
    )
      continue;
    out.push({ value: company, start: at, end: at + company.length });
  }
}
