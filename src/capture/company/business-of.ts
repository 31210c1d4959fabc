/**
 * A business named after a preposition and its kind: "soy Jessica de la panadería Pan de Casa", "gérant
 * de la Pharmacie Sainte Famille", "dono da barbearia Navalha de Ouro", "ich melde mich von der Bäckerei
 * Kornmühle", "secretary of the Cooperativa de Transporte Ruta Azul". The visitor says which business they
 * are of, and its kind is a business word: a capitalised one is part of the name, one in lower case only
 * says what the name is ("panadería" of "Pan de Casa"). A weak reading (no label, no verb of working).
 */
import { BUSINESS_WORD_PATTERN, mentionsBusiness } from '../lexicons/business-nouns.js';
import { isPlace } from '../lexicons/places.js';
import { isCapitalised, wordsOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';

// "de la", "da", "du", "of the", "from", "von der", "van de", "di", "dari", "ng" (Tagalog "of"), then an
// article, then the business word, then a capital (or a quote) where the name begins.
const OF_BUSINESS = new RegExp(
  String.raw`(?<![\p{L}'’])(?:of|from|de|del|da|do|das|dos|du|des|von|vom|van|di|della|dello|dalla|dal|dari|ng)\s+(?:(?:the|la|le|les|el|los|las|o|a|os|as|der|dem|den|die|het|il|lo|de)\s+|l['’])?(${BUSINESS_WORD_PATTERN})\s+(?=\p{Lu}|['"“‘«]\s*\p{Lu})`,
  'giu',
);

// "Ferretería El Constructor de Bucaramanga": the town after the name is where it is, not part of it.
const AT_PLACE = /\s+(?:de|da|do|di|in|en|em|à|a|aus|at|from)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u;

export function findBusinessOf(masked: string, out: Candidate[]): void {
  if (!mentionsBusiness(wordsOf(masked))) return;
  for (const m of masked.matchAll(OF_BUSINESS)) {
    const word = m[1] ?? '';
    // "we get our bread from the bakery Le Goff": a business the visitor buys from or uses is not theirs.
    const before =
      masked
        .slice(Math.max(0, m.index - 60), m.index)
        .split(/[.!?\n]/u)
        .pop() ?? '';
    if (SOMEONE_ELSES.test(before)) continue;
    const at = isCapitalised(word) ? m.index + m[0].lastIndexOf(word) : m.index + m[0].length;
    const read = readCompany(masked.slice(at, at + LOOKAHEAD).replace(/^['"“‘«]\s*/, ''), 'strict');
    const company = read?.replace(AT_PLACE, (all, place: string) =>
      isPlace(place) && read.split(' ').length > 3 ? '' : all,
    );
    if (!company || (isCapitalised(word) && company.toLowerCase() === word.toLowerCase())) continue;
    const start = masked.indexOf(company, at);
    if (start >= 0) out.push({ value: company, start, end: start + company.length, weak: true });
  }
}
