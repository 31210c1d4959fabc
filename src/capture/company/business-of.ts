/**
 * A business named after a preposition and its kind: "soy Jessica de la panadería Pan de Casa", "gérant
 * de la Pharmacie Sainte Famille", "dono da barbearia Navalha de Ouro", "ich melde mich von der Bäckerei
 * Kornmühle", "secretary of the Cooperativa de Transporte Ruta Azul". The visitor says which business they
 * are of, and its kind is a business word: a capitalised one is part of the name, one in lower case only
 * says what the name is ("panadería" of "Pan de Casa"). A weak reading (no label, no verb of working).
 */
import { isBusinessWord, mentionsBusiness } from '../lexicons/business-nouns.js';
import { isPlace } from '../lexicons/places.js';
import { isCapitalised, wordsOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { SOMEONE_ELSES } from './named-business.js';
import { joined, wordsIn, type Word } from './words-in.js';

// "de la", "da", "du", "of the", "from", "von der", "van de", "di", "dari", "ng" (Tagalog "of").
const PREPOSITIONS = new Set(
  'of from de del da do das dos du des von vom van di della dello dalla dal dari ng'.split(' '),
);
const ARTICLES = new Set('the la le les el los las o a os as der dem den die het il lo de'.split(' '));

// "Ferretería El Constructor de Bucaramanga": the town after the name is where it is, not part of it.
const AT_PLACE = /\s+(?:de|da|do|di|in|en|em|à|a|aus|at|from)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u;

/** The preposition (and article) before the business word at `i`: "de la panadería", "von der Bäckerei", "de Tienda". */
function afterPreposition(masked: string, words: readonly Word[], i: number): boolean {
  const is = (j: number, set: Set<string>) => {
    const w = words[j];
    return w !== undefined && set.has(w.text.toLowerCase()) && joined(masked, w, words[j + 1] as Word);
  };
  return is(i - 1, PREPOSITIONS) || (is(i - 1, ARTICLES) && is(i - 2, PREPOSITIONS));
}

export function findBusinessOf(masked: string, out: Candidate[]): void {
  if (!mentionsBusiness(wordsOf(masked))) return;
  const words = wordsIn(masked);
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Word;
    if (!isBusinessWord(word.text) || !afterPreposition(masked, words, i)) continue;
    // A capitalised business word opens the name ("Panadería y Pastelería San Isidro"); after one in lower
    // case the name begins with a capital (or a quote and a capital).
    const next = masked.slice(word.end, word.end + 4);
    if (!isCapitalised(word.text) && !/^[ \t]+(?:['"“‘«][ \t]*)?\p{Lu}/u.test(next)) continue;
    // "we get our bread from the bakery Le Goff": a business the visitor buys from or uses is not theirs.
    const before =
      masked
        .slice(Math.max(0, word.start - 60), word.start)
        .split(/[.!?\n]/u)
        .pop() ?? '';
    if (SOMEONE_ELSES.test(before)) continue;
    const at = isCapitalised(word.text) ? word.start : word.end;
    const read = readCompany(masked.slice(at, at + LOOKAHEAD).replace(/^[ \t]*['"“‘«][ \t]*/, ''), 'strict');
    const company = read?.replace(AT_PLACE, (all, place: string) =>
      isPlace(place) && read.split(' ').length > 3 ? '' : all,
    );
    if (!company || (isCapitalised(word.text) && company.toLowerCase() === word.text.toLowerCase())) continue;
    const start = masked.indexOf(company, at);
    if (start >= 0) out.push({ value: company, start, end: start + company.length, weak: true });
  }
}
