/** The message as the answer to the company question, and the test of a short line as a company name. */
import { isDepartment, isRolePhrase, isRoleWord } from '../lexicons/job-titles.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isCompanyEnding, isLegalForm } from '../lexicons/legal-forms.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import {
  GREETING_PATTERN,
  NAME_PARTICLES as NAME_PARTICLE_WORDS,
  NON_ANSWERS,
  SENTENCE_WORDS,
  SIGN_OFF_PATTERN,
  TITLES,
} from '../lexicons/words.js';
import { isCapitalised, type Candidate } from '../text.js';
import { KIND_AFTER_NAME } from './appositions.js';
import { isHolder } from './named-business.js';
import { CONNECTORS, readCompany, validCompany } from './read-company.js';
const ANSWER_FILLERS =
  /^(?:(?:sure|yes|yeah|ok(?:ay)?|of\s+course|it'?s|its|it\s+is|we'?re|we\s+are|i'?m\s+with|i\s+am\s+with|i\s+work\s+(?:at|for|with)|i\s+run|i\s+own|the\s+company\s+is|company\s+is|(?:shop|store|business|company|brand)\s+name|my\s+company\s+is|our\s+company\s+is|called|company|at|with|from|for|es|c['’]est|é|è|ist|sí|si|oui|ja|sim|claro|the\s+business\s+is|trabajo\s+(?:en|para)|trabalho\s+(?:na|no|em)|je\s+travaille\s+(?:chez|pour)|ich\s+arbeite\s+(?:bei|f[üu]r)|lavoro\s+(?:per|presso|da)|(?:el|la|o|a|le|il|der|die|das|het|the)\s+(?:restaurante|restaurant|tienda|empresa|negocio|loja|cafeter[íi]a|caf[eé]|shop|store|bakery|salon|company|business|firma|ristorante|pizzeria|negozio|azienda|boulangerie|soci[ée]t[ée]))[\s,:-]+)+/iu;

/** The whole message as the answer to "Which company or organisation are you with?". */
const NEGATION =
  /\b(?:no|not|none|nothing|kein\w*|nicht|inget|ingen|ikke|ei|pas|aucun\w*|ningun\w*|nenhum\w*|nessun\w*|geen|brak|yok|hakuna|sin|sem|senza|bez|nej|nee|nope|nada|rien|niente|privat|private|personal|perso|freelanc\w*|frilans\w*|self-?employed|myself|just\s+me|nuk|yox\w*|ma\s?3and\w*|ma\s?[3a]ndi(?:ch|sh)\w*|machi|mashi|nahi|nahin|nincs\w*|nemam|nimam|cuenta\s+propia|por\s+mi\s+cuenta|conta\s+pr[óo]pria|on\s+my\s+own|sole\s+trader|egy[ée]ni\s+v[áa]llalkoz[óo])(?![\p{L}\p{N}])/iu;
// "net kompanii", "nyet": Russian "no" only opening the answer in lower case (".NET", "Net Solutions" are names).
const OPENS_NO = /^(?:net|nyet|niet)(?:[\s,.!]|$)/u;

/**
 * `nameKnown`: the conversation already gave the visitor's name, so a line of capitalised words the visitor
 * adds is their company unless every word of it is a person's name word.
 */
export function findBareAnswer(masked: string, out: Candidate[], strict: boolean, nameKnown = false): void {
  const stripped = masked
    .trim()
    .replace(ANSWER_FILLERS, '')
    // "Pensiunea Dumitrescu, a guesthouse in Bran": what kind of business it is, after its name.
    .replace(KIND_AFTER_NAME, '')
    .replace(/^[\s,;:.|–—¡¿-]+/, '')
    // "The Little Book Room in Kilkenny": the place is not part of the name.
    .replace(
      /\s+(?:in|en|em|à|a|aus|from|de|di|i|w|v)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)[.!\s]*$/u,
      (all, place: string) => (isPlace(place) ? '' : all),
    );
  const line = stripped
    .replace(/[.,;:!\s\p{Extended_Pictographic}]+$/u, '')
    // "Droguerie El Amrani, f Fès": where it is, after the name.
    .replace(
      /\s*,\s*(?:(?:f|in|en|em|à|a|de|di|aus|at)\s+)?(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u,
      (all, place: string) => (isPlace(place) || /,\s*(?:f|in|en|em|à|a|de|di|aus|at)\s/u.test(all) ? '' : all),
    );
  // A short single line is the name whole ("Castro & Associados, Sociedade de Advogados"); else its first clause.
  const whole = !/[\n?]/.test(line) && line.split(/\s+/).length <= 8 && !/\d{4,}|@/.test(line) && !/[.!]\s/.test(line);
  // "ay mali, 0927 441 3080 pala": a message about the phone; only a whole line without digits counts.
  const aboutPhone = (masked.match(/\d/g)?.length ?? 0) >= 7;
  const first = aboutPhone ? '' : (stripped.split(/[\n;!?]|[,.](?:\s|$)|\s[-–—]\s/)[0] ?? '').trim();
  const read = readCompany(stripped, strict ? 'strict' : 'lenient');
  const clauses = whole ? [line, first] : read && !strict ? [read, first] : [first];
  // "usaha saya Warung Makan Bu Dewi", "hamro sano business ho, Rai Handicraft Udhyog", "butikken hedder
  // Mettes Blomster": lower-case words about the business (one a business word), then its capitalised name.
  const said = SAID_BEFORE_NAME.exec(line)?.[0];
  if (!strict && said && said.split(/[\s,:]+/).some((w) => isHolder(w.toLowerCase())))
    clauses.unshift(line.slice(said.length));
  // "yogastudio atemraum, bin selbstständig", "Bisutería Andre, vendemos accesorios": a lower-case clause
  // after the name's comma says something about it; the name is the first part.
  else if (whole && first && ONE_COMMA_THEN_LOWER.test(line) && !isLegalForm(line.split(/\s+/).pop() ?? '')) {
    // A name of three words at most: a longer first part is a clause ("para o meu salão, bia cabelos").
    if (first.split(/\s+/).length <= 3) clauses.unshift(first);
  }
  for (const clause of clauses) {
    const company = readBareCompany(clause, strict, nameKnown);
    if (company) {
      const at = masked.indexOf(company);
      out.push({ value: company, start: at, end: at + company.length, weak: true });
      return;
    }
  }
}

// Lower-case words (up to five, commas between) before the first capital of the line.
const SAID_BEFORE_NAME = /^(?:[\p{Ll}\p{N}'’-]+[\s,:]+){1,5}(?=\p{Lu})/u;
// One comma, then only lower-case words (no capital, no digit) to the end of the line.
const ONE_COMMA_THEN_LOWER = /^[^,\n]+,(?:\s+[\p{Ll}'’-]+){1,5}$/u;

// Greetings, sign-offs and salutations stand alone on a line as often as a company does.
// A capitalised article or "Little" then capitalised words: the opening of a name, not of a sentence.
const TITLED_OPENING = /^(?:The|El|La|Le|Les|Los|Las|Il|Lo|Der|Die|Das|Het|Little|Petit|Petite)$/u;

function opensTitledName(words: readonly string[]): boolean {
  return (
    words.length >= 2 &&
    TITLED_OPENING.test(words[0] ?? '') &&
    words
      .slice(1)
      .every(
        (w, i) => isCapitalised(w) || /^\p{N}/u.test(w) || (CONNECTORS.has(w.toLowerCase()) && i < words.length - 2),
      )
  );
}

/** A business word of four letters or more that is no person's name word ("Pharmacie", not "Van" or "Brand"). */
export function isPlainBusinessWord(word: string): boolean {
  return word.length >= 4 && isBusinessWord(word) && !isPersonNameWord(word.toLowerCase());
}

// "Jr", "Sr", "III" after a family name, and particles ("de la"), are no words of a business name.
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/** The words after a given name name a business: a business word, or two words one of which is no name. */
function namesBusiness(rest: readonly string[]): boolean {
  const plain = rest.filter((w) => !NAME_SUFFIX.test(w) && !NAME_PARTICLE_WORDS.has(w.toLowerCase()));
  return (
    plain.some((w) => isBusinessWord(w)) || (plain.length >= 2 && plain.some((w) => !isPersonNameWord(w.toLowerCase())))
  );
}

const SALUTATION = new RegExp(
  `^(?:${GREETING_PATTERN}|${SIGN_OFF_PATTERN}|dear\\b.*|hi\\s+\\p{L}+|hello\\s+\\p{L}+|estimad[oa]s?|exmos?\\.?\\s+senhores|madame|monsieur|messieurs|szanowni\\s+pa[ńn]stwo|beste|vh|mvh|cam\\s+on|c[ảa]m\\s+[ơo]n|arigato|xie\\s+xie|sorry\\b.*)(?:[\\s,!.]+\\p{L}+)?$`,
  'iu',
);

export function readBareCompany(raw: string, strict: boolean, nameKnown = false): string | undefined {
  const clause = raw
    .replace(ANSWER_FILLERS, '')
    .replace(/^[([]\s*/, '')
    .replace(/\s*[)\]]$/, (close) => (/[([]/.test(raw) ? close : ''))
    .replace(/\s+(?:lor|lah|leh|ah|po|ji|la|desu|na|pala|nga)\s*[.!]*$/iu, '')
    .trim();
  if (!clause || NON_ANSWERS.test(clause) || clause.split(/\s+/).length > 8) return undefined;
  if (SALUTATION.test(clause) || (strict && TITLES.test(`${clause} `))) return undefined;
  const words = clause.split(/\s+/);
  // "Ah y el restaurante ...", "un negocio familiar", "Wait, ...": a sentence, not a name. An article or
  // "little" opening a line of capitalised words opens a name ("El Fogón de Nati", "Little Kiwi Merino").
  if (
    /^(?:ah|oh|eh|wait|claro|bueno|pues|well|so|and|y|e|et|und|ok|okay|also|but|pero|mas|un|una|uno|a|an|el|la|le|il|lo|o|der|die|das|een|ein|eine|tamam|t[şs]k|scusi|scusa|achso|ach|sí|si|oui|ja|nee|nein|non|tengo|tenemos|tenho|temos|j['’]ai|ho|habe|haben|petite?|small|little)\b/iu.test(
      clause,
    ) &&
    !opensTitledName(words)
  )
    return undefined;
  if (NEGATION.test(clause) || OPENS_NO.test(clause) || isPlace(clause) || isRolePhrase(clause) || isDepartment(clause))
    return undefined;
  // A sentence is not a company name: its function words give it away.
  if (words.some((w) => SENTENCE_WORDS.has(w.toLowerCase().replace(/[.,!]+$/, '')))) return undefined;
  if (
    strict &&
    !words.every(
      (w, i) =>
        isCapitalised(w) ||
        /^\p{N}/u.test(w) ||
        /^\(\p{L}{1,7}\.?\)$/u.test(w) ||
        isLegalForm(w) ||
        (CONNECTORS.has(w.toLowerCase()) && i > 0),
    )
  )
    return undefined;
  // Not a person's name ("Ryan Pillay", "Kiss Eszter", "Lucía Fernández Ortega").
  const joined = words.some((w) => /^(?:&|and|und|y|e|et)$/i.test(w)); // "Lily & Fern" names a shop
  // "Pharmacien Bouzid Lamine": a role, then a person.
  if (isRoleWord((words[0] ?? '').toLowerCase())) return undefined;
  // Only a guess: one plain word, or two to four words that read as a person's name, are not enough. Once
  // the visitor's name is known, a family name last is no sign of a person ("Kaffeerösterei Brandt",
  // "Stankevičius Auto"), nor a given name first before a business word or two more words one of which is
  // no name word ("Eszter Virágbolt", "Ella Green Nest"); "Marvin Euceda", "Rocío de la Fuente" and
  // "Rogelio Abellana Jr." stay people (the name known may have been misread).
  const givenFirst = isGivenName((words[0] ?? '').toLowerCase()) && !(nameKnown && namesBusiness(words.slice(1)));
  // "Zawadi Beauty Parlour", "Rachunki Plus Biuro Rachunkowe": a business word (not one that is also a name
  // word, "Van") ending the line or in three words or more; a guess of two words, the second a family name,
  // may still be a person ("Gärtnerei Lindqvist" while the name is not known).
  const businessWord =
    words.length >= 3 || nameKnown
      ? words.some(isPlainBusinessWord)
      : isPlainBusinessWord(words[words.length - 1] ?? '');
  const business =
    joined || businessWord || words.some((w) => isCompanyEnding(w) || isLegalForm(w)) || /\p{Ll}\p{Lu}/u.test(clause);
  if (
    strict &&
    !business &&
    (words.length === 1 ||
      (words.length <= 4 &&
        (givenFirst || (!nameKnown && isPersonNameWord((words[words.length - 1] ?? '').toLowerCase())))))
  )
    return undefined;
  if (strict && !joined && givenFirst && words.length <= 3 && !words.some(isCompanyEnding)) return undefined;
  if (
    words.length >= 2 &&
    words.length <= 4 &&
    words.every((w) => isPersonNameWord(w.toLowerCase()) || NAME_PARTICLE_WORDS.has(w.toLowerCase()))
  )
    return undefined;
  return validCompany(clause) ? clause : undefined;
}
