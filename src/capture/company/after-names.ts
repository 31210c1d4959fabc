/** The organisation right after the visitor's name: "Sara from Y", "Ana, CTO at Y", "Ivan Petrov (Y)". */
import { COMPANY_PREPOSITIONS, ORGANISATION_NOUNS } from '../lexicons/introductions.js';
import { isDepartment, isRolePhrase, ROLE_PATTERN } from '../lexicons/job-titles.js';
import { isCompanyEnding, isLegalForm } from '../lexicons/legal-forms.js';
import type { Candidate } from '../text.js';
import type { CompanyContext } from '../company.recognizer.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isPlace } from '../lexicons/places.js';
import { SENTENCE_WORDS } from '../lexicons/words.js';
import { LOOKAHEAD, readCompany, validCompany } from './read-company.js';
import { HEADS_ORGANISATION } from './role-prepositions.js';
// After the visitor's name: "Sara from Brightlabs", "Ivan with Acme", "Jo @ Acme", "Ana, CTO at Acme".
const AFTER_NAME = new RegExp(
  `^[ \\t]*(?:[,(][ \\t]*)?(?:(?:here|hier|speaking|aqu[íi]|ici)[ \\t]*,?[ \\t]*)?(?:(?:the[ \\t]+|a[ \\t]+|an[ \\t]+)?(${ROLE_PATTERN})[ \\t]*|(?:[\\p{L}-]+[ \\t]+){0,2}(?=@))?(${COMPANY_PREPOSITIONS.join('|')})[ \\t]+(?:(?:the|tin|tis|la|le|el|a|o|der|die)[ \\t]+|l['’])?(?:(?:${ORGANISATION_NOUNS.join('|')})[ \\t]+)?`,
  'iu',
);
// "Name, Company - question" / "Name | Role | Company" / "Name (email), Company".
const SEPARATED = /^\s*(?:[,|·]\s*|\([^)]*\)\s*[,|–—-]?\s*|[-–—]\s+)/u;

// A lower-case business word (and one more word) before the capitalised name: "toko kue", "brouwerij 't".
const KIND_BEFORE_NAME = /^(\p{Ll}[\p{Ll}-]+)[ \t]+(?:\p{Ll}+[ \t]+)?(?=\p{Lu}|['’]t[ \t]+\p{Lu})/u;
// Words of "from" that say where a person is from as often as which business: one word after them is no company.
const ORIGIN_ONLY = /^(?:saking|az)$/iu;
// Dutch "'t" ("het") opening a name: "'t Hoppeke".
const DUTCH_THE = /^['’]t[ \t]+/u;
// "main Neha Verma, Agarwal Steel Industries se" (Hindi "from"), "... wala", "... desu": a postposition or
// particle after the name, not part of it.
// "Aggarwal Sweets ka kaam dekhta hoon", "Malik Textiles ki marketing dekhti hoon": Hindi/Urdu "of/from"
// then what the visitor does there.
const POSTPOSITION = /\s+(?:(?:se|ka|ki|ke|mein|me)(?:\s+\p{Ll}[\p{L}\s]*)?|wala|wali|hai|ho|desu|po|lah)$/u;

const AT_PLACE = /\s+(?:in|en|em|à|at|aus|w|v|i)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u;

/**
 * "Jana Köhler, köhler feinkost", "Fenna Dijkstra van dijkstra fotografie", "dra. milagros chávez,
 * consultorio dental sonríe": a name in lower case after the visitor's, when it holds the visitor's family
 * name or a business word, and is a short name, not a clause.
 */
function namedInLowerCase(masked: string, at: number, nameEnd: number): string | undefined {
  const clause = /^[\p{L}\p{M}'’&-]+(?:[ \t]+[\p{L}\p{M}'’&-]+){0,4}(?=[ \t]*(?:[,;.!?\n]|$|[ \t][-–—][ \t]))/u.exec(
    masked.slice(at, at + 80),
  )?.[0];
  // All in lower case (a capitalised name after a lower-case word is read by the other readers), ending at
  // a legal form ("keller treuhand gmbh mail ...").
  if (!clause?.includes(' ') || /\p{Lu}/u.test(clause)) return undefined;
  const all = clause.split(/[ \t]+/);
  const form = all.findIndex((w, i) => i > 0 && isLegalForm(w));
  const words = form > 0 ? all.slice(0, form + 1) : all;
  if (words.some((w) => SENTENCE_WORDS.has(w) || CLAUSE_WORDS.has(w))) return undefined;
  const family = /([\p{L}\p{M}'’-]+)[ \t]*$/u
    .exec(masked.slice(Math.max(0, nameEnd - 40), nameEnd))?.[1]
    ?.toLowerCase();
  const echoes = family !== undefined && family.length >= 3 && words.includes(family);
  if (!echoes && !(words.length <= 4 && words.some((w) => isBusinessWord(w)))) return undefined;
  const company = words.join(' ');
  return validCompany(company) && !isPlace(company) ? company : undefined;
}

// Words that open a clause after a name, or say whose or which business, rather than name one.
const CLAUSE_WORDS = new Set(
  `here hier aqui aquí ici qui needs wants looking in at a an un una une uno ein eine een um uma my mi mis mon ma
  mes meu minha mein meine mijn tengo tenemos tenho j'ai ho habe heb saya mail email tel phone cel`.split(/\s+/),
);

export function findAfterNames(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  for (const end of ctx.nameEnds) {
    const rest = masked.slice(end, end + LOOKAHEAD);
    const m = AFTER_NAME.exec(rest);
    // "Ana, Head of Sales": after a role, "of" names a department unless the role heads the organisation.
    if (m?.[1] && /^(?:of|de|da|do|della|del)$/i.test(m[2] ?? '') && !HEADS_ORGANISATION.test(m[1])) continue;
    if (m) {
      let at = end + m[0].length;
      let company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict') ?? namedInLowerCase(masked, at, end);
      // "saya Dewi dari toko kue Dapur Dewi", "Wouter Claes van brouwerij 't Hoppeke": the kind of business in
      // lower case, then its name.
      const kind = company ? undefined : KIND_BEFORE_NAME.exec(masked.slice(at, at + 60));
      if (kind?.[1] && isBusinessWord(kind[1])) {
        at += kind[0].length;
        const the = DUTCH_THE.exec(masked.slice(at))?.[0] ?? '';
        const read = readCompany(masked.slice(at + the.length, at + LOOKAHEAD), 'strict');
        company =
          read && masked.startsWith(read, at + the.length) ? masked.slice(at, at + the.length) + read : undefined;
      }
      // "kulo Bambang saking Jogja": one word after a word for "from" is a place as often as a business.
      if (company && ORIGIN_ONLY.test(m[2] ?? '') && !company.includes(' ') && !isCompanyEnding(company)) continue;
      if (company) out.push({ value: company, start: at, end: at + company.length, weak: true });
      continue;
    }
    // "Fenna Bakker hier (Bakker Bouw & Onderhoud)", "Karel Janssens (Janssens & Zonen NV)".
    const paren = /^\s*(?:(?:here|hier|speaking|aqu[íi]|ici)\s*)?\(([^()@\d]{2,80})\)/iu.exec(rest);
    if (paren?.[1]) {
      const at = end + paren[0].indexOf(paren[1]);
      const company = readCompany(paren[1], 'strict');
      const nickname = company !== undefined && !company.includes(' ') && !isCompanyEnding(company);
      if (company && !nickname && company.length >= paren[1].trim().length - 2)
        out.push({ value: company, start: at, end: at + company.length, weak: true });
      continue;
    }
    const sep = SEPARATED.exec(rest);
    if (!sep) continue;
    // The parts after the name: skip a role, take the first part that is an organisation.
    let at = end + sep[0].length;
    for (let part = 0; part < 3; part++) {
      const segment =
        /^[^,|\n]*?(?=\s*(?:[,|\n]|\s[-–—]\s|[:?!]|\.\s|$))/u.exec(masked.slice(at, at + LOOKAHEAD))?.[0] ?? '';
      if (!segment.trim()) break;
      const trimmed = segment.replace(/\([^)]*\)/g, '').trim();
      // "Salim Abdalla, finance at Pwani Beach Hotels", "Rachel Kim, accounts at ...": a department, then where.
      const where = /^(\s*(\p{L}[\p{L} &-]{1,40}?)\s+(?:at|@|with|for)\s+)/iu.exec(segment);
      if (where?.[1] && where[2] && (isRolePhrase(where[2]) || isDepartment(where[2]))) {
        const from = at + where[1].length;
        const company = readCompany(masked.slice(from, at + LOOKAHEAD), 'strict');
        if (company) out.push({ value: company, start: from, end: from + company.length, weak: true });
        break;
      }
      if (isRolePhrase(trimmed)) {
        at += segment.length;
        const next = /^\s*(?:[,|]|\s[-–—]\s|\s+(?:at|@|with|of)\s+)\s*/u.exec(masked.slice(at));
        if (!next) break;
        at += next[0].length;
        continue;
      }
      // "Somchai Wongsawat, Kiatmuay Gym in Phuket": where it is, after the name, is not part of it.
      const whole = trimmed
        .replace(POSTPOSITION, '')
        .replace(AT_PLACE, (all, place: string) => (isPlace(place) ? '' : all));
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict') ?? namedInLowerCase(masked, at, end);
      if (company && company.length >= whole.length - 2)
        out.push({ value: company, start: at, end: at + company.length, weak: true });
      break;
    }
  }
}
