/** Reading a company name after its lead-in: the words that fit, up to the end of the name's clause. */
import { isDepartment, isRolePhrase } from '../lexicons/job-titles.js';
import {
  endsWithLegalForm,
  isCompanyEnding,
  isLegalForm,
  isLegalFormPrefix,
  isStrongCompanyEnding,
} from '../lexicons/legal-forms.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isPlace } from '../lexicons/places.js';
import { NOT_NAME_WORDS, SENTENCE_WORDS, TITLES } from '../lexicons/words.js';
import { isCapitalised, readTokens } from '../text.js';
/** How a company is read after its lead-in. */
export type CompanyMode =
  /** Labelled or asked: upper or lower case, the whole clause. */
  | 'lenient'
  /** Capitalised words (or digits), legal forms in upper or lower case, "&", "of", "and" inside. */
  | 'strict'
  /** Like strict, and it must end with a legal form ("from Acme Ltd", not "from Lahore"). */
  | 'legal';

export const LOOKAHEAD = 160;
export const CONNECTORS = new Set([
  '&',
  'and',
  'of',
  'und',
  'y',
  'e',
  'et',
  'és',
  'de',
  'del',
  'der',
  'den',
  'van',
  'von',
  'for',
  'the',
  '+',
  'n',
  'do',
  'da',
  'dos',
  'das',
  'du',
  'des',
  'di',
  'della',
  'la',
  'le',
  'el',
  'les',
  'los',
  'z',
  'og',
  'och',
  've',
  'by',
  'o',
  // Polish "at" ("Stolarnia u Bartka") and Tagalog "of" ("Lechon ni Mang Berto") inside a name.
  'u',
  'ni',
]);

/**
 * The words a family firm or partnership ends with after "and" ("Nowak i Syn", "Horák a syn", "Gómez e Hijos",
 * "Ndiaye & Frères", "Mulder & Zn.", "Kovács és Társa"): with them, "i" and "a" are "and" inside the name.
 */
export const PARTNERS = new Set(
  `son sons sohn söhne soehne zoon zonen zn syn synové synowie sinovi sinovi hijo hijos hija hijas filho filhos
  filha filhas figli figlio fils frères freres brothers bros hermanos hnos irmãos irmaos fratelli gebroeders gebr
  broers brødre bröderna brødrene partner partners partneři partnerzy wspólnicy wspolnicy társa tarsa társai
  associates asociados associados associati associés`
    .split(/\s+/)
    .filter(Boolean),
);
/** "and" before a partners' word ("i", "a", "e", "y", "&"...), lower case. */
export const AND_BEFORE_PARTNERS = new Set([
  '&',
  'and',
  'i',
  'a',
  'e',
  'y',
  'et',
  'und',
  'en',
  'és',
  'og',
  'och',
  've',
]);

/** "i Syn", "a syn", "e Hijos": "and" then a partners' word (the dot of "Zn." and "Hnos." aside). */
export function joinsPartners(andWord: string, next: string): boolean {
  return AND_BEFORE_PARTNERS.has(andWord.toLowerCase()) && PARTNERS.has(next.toLowerCase().replace(/\.$/, ''));
}
// Words that end a company name read in any case: "acme and I need", "acme, we want".
const CLAUSE_BREAK = new Set([
  'and',
  // "and" in other languages: "tacos el güero y queremos una página" ends at "y".
  'y',
  'e',
  'et',
  'und',
  'og',
  'och',
  'but',
  'we',
  'i',
  'im',
  "i'm",
  'our',
  'my',
  'looking',
  'need',
  'want',
  'would',
  'please',
  'in',
  'based',
  'located',
  'as',
  'since',
  'where',
  'who',
  'which',
  'that',
  'so',
  'because',
  'here',
  'there',
  'to',
  'for',
  'from',
  'at',
  'with',
  'is',
  'are',
  'was',
  'were',
  'will',
  'can',
  'could',
  'hai',
  'ka',
  'ki',
  'se',
  'mein',
]);

// The next labelled detail ends a value: "Company: Acme Co. Contact: Hiba" is not "Acme Co. Contact".
const NEXT_LABEL = /(?:[ \t]+|\n)\p{L}+(?:[ \t]+\p{L}+)?[ \t]*:(?:\s|$).*$/su;
// A legal form split by a comma: "Sakura Logistics Co., Ltd."
const SPLIT_LEGAL_FORM =
  /^,\s*(?:c\.?\s?a\.?|ltd|limited|inc|llc|lda|ltda|l\.?l\.?c|s\.?\s?a\.?(?:\s+de\s+c\.?\s?v)?|s\.?\s?de\s+r\.?\s?l(?:\.?\s+de\s+c\.?\s?v)?|s\.?r\.?l|s\.?a\.?s|gmbh|csp|llp|plc|pty\s+ltd|pte\s+ltd|sarl|bv|nv|ab|oy|as)\b\.?/i;

// Words that open a sentence, not a name, even before capitalised words ("Hi Team", "Dear Sir", "Sorry Ana").
const GREETING_OR_FILLER =
  /^(?:hi|hello|hey|dear|thanks|thank|regards|cheers|sorry|yes|no|ok|okay|sure|please|kind|best|good|hola|bonjour|hallo|ciao|mr|mrs|ms|dr|sir|madam|team|customer|client|website|site|app|email|phone|name|company|business)$/;

// "Les Délices d'Aya", "Filo d'Oro Gioielli": an elided article glued to a capitalised word inside a name.
const ELIDED_ARTICLE = /^(?:d|l|dell|dall|nell|sull|all)['’]\p{Lu}/u;

export function readCompany(after: string, mode: CompanyMode): string | undefined {
  // A lower-case article is not part of the name after it ("a Doces da Ria", "la Boulangerie Le Goff").
  // (No colon, no next label: the scan for one is skipped.)
  const text = (after.includes(':') ? after.replace(NEXT_LABEL, '') : after).replace(
    /^(?:the|a|an|el|la|le|les|los|las|il|lo|o|os|as|het)\s+(?=\p{Lu})/u,
    '',
  );
  // "Mudanzas Batista Express, S.A.": the legal form comes after a comma.
  const strictRead = mode === 'legal' ? readCompanyWords(text, 'strict') : undefined;
  const commaForm =
    strictRead !== undefined && SPLIT_LEGAL_FORM.test(text.slice(text.indexOf(strictRead) + strictRead.length));
  const read = commaForm ? strictRead : readCompanyWords(text, mode);
  // "Bengkel Las Maju Jaya di Solo": the town is where it is, not part of its name.
  // After a name of three words or more, "de"/"da"/"do" before a town says where it is too ("Ferretería El
  // Constructor de Bucaramanga"); in a shorter name it is part of it ("Banco de Bogotá").
  const company = read?.replace(
    /\s+(?:di|in|en|em|à|a|aus|at|de|da|do)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u,
    (all, place: string, at: number) =>
      isPlace(place) && (!/^\s+d[eao]\s/u.test(all) || read.slice(0, at).split(' ').length >= 3) ? '' : all,
  );
  if (!company) return undefined;
  const rest = text.slice(text.indexOf(company) + company.length);
  const split = SPLIT_LEGAL_FORM.exec(rest);
  if (split) return `${company}${split[0]}`;
  // "Schäfer e.K." at the end of a message: the clause reader took the last dot for a full stop.
  const last = company.split(' ').pop() ?? '';
  return rest.startsWith('.') && /\.\p{L}/u.test(last) && isLegalForm(last) ? `${company}.` : company;
}

function readCompanyWords(text: string, mode: CompanyMode): string | undefined {
  const tokens = readTokens(text, 8);
  const words: string[] = [];
  let lastLegal = -1;
  for (const token of tokens) {
    // "Mobilya Ltd. Şti.'den": a case ending glued to the last word is not part of the name.
    // "Demir Hukuk Bürosu'ndan", "Aydınlar Mimarlık'tan": a Turkish locative or ablative ending too.
    const glued = /^(.+?\.)['’-]\p{Ll}{1,5}$|^(\p{Lu}.*?)['’](?:n?[dt][ae]n?|n?[dt][ae]ki)$/u.exec(token.word);
    const word = glued?.[1] ?? glued?.[2] ?? token.word;
    const endsSentence = token.endsSentence || glued !== null;
    const lower = word.toLowerCase();
    const first = words.length === 0;
    const legal = isLegalForm(word) || (first && isLegalFormPrefix(word));
    // "(Pvt)", "(U)", "(T)": a country or form mark inside a company name.
    // "(haftungsbeschränkt)", "(SMC-Private)": the part of a legal form written in brackets.
    const mark = /^\([\p{L}-]{1,20}\.?\)$/u.test(word);
    const wordLike = /^[\p{L}\p{N}@][\p{L}\p{N}\p{M}'’&.+-]*$/u.test(word) || mark;
    // A capitalised article may open a name ("La Cave de Léon", "The Blue Door Café", "El Fogón de Nati").
    const article =
      first && isCapitalised(word) && /^(?:the|la|le|les|el|los|las|il|lo|de|der|die|das|het|o|a|os|as)$/.test(lower);
    // A capitalised everyday word may open a name when more capitalised words follow ("Little Magpie Cafe",
    // "Big Sky Roofing"), but not a word of sentences ("We Need ...", "Please Call ...").
    const next = tokens[tokens.indexOf(token) + 1]?.word ?? '';
    const opensName =
      first &&
      isCapitalised(word) &&
      word !== word.toUpperCase() &&
      !SENTENCE_WORDS.has(lower) &&
      !GREETING_OR_FILLER.test(lower) &&
      isCapitalised(next) &&
      !NOT_NAME_WORDS.has(next.toLowerCase());
    if (first && (NOT_NAME_WORDS.has(lower) || !wordLike) && !legal && !article && !opensName) break;
    if (mode === 'lenient') {
      if (!wordLike && word !== '&') break;
      if (!first && CLAUSE_BREAK.has(lower) && !isLegalForm(word)) break;
    } else {
      const connector =
        !first &&
        !endsSentence &&
        (CONNECTORS.has(lower) || joinsPartners(lower, tokens[tokens.indexOf(token) + 1]?.word ?? ''));
      // "S.A. de C.V.", "Sp. z o.o.", "spol. s r.o.": a small word between two parts of one legal form.
      const joinsForms =
        !first &&
        /^(?:de|z|s)$/.test(lower) &&
        isLegalForm(words[words.length - 1] ?? '') &&
        isLegalForm(tokens[tokens.indexOf(token) + 1]?.word ?? '');
      // "Horák a syn s.r.o.", "mulder & zn.": the partners' word in lower case after its "and".
      const partners =
        !first && PARTNERS.has(lower.replace(/\.$/, '')) && AND_BEFORE_PARTNERS.has(words[words.length - 1] ?? '');
      const fits =
        connector ||
        joinsForms ||
        partners ||
        legal ||
        (mark && !first) ||
        (wordLike &&
          (isCapitalised(word) ||
            /^\p{N}/u.test(word) ||
            (!first && (isCompanyEnding(word) || ELIDED_ARTICLE.test(word)))));
      if (!fits) break;
      // A common word ends the name unless the capitalised run goes on ("Lotus Home Decor", not "Acme We need").
      const next = tokens[tokens.indexOf(token) + 1]?.word ?? '';
      if (
        !first &&
        !legal &&
        !connector &&
        NOT_NAME_WORDS.has(lower) &&
        !(
          isCapitalised(word) &&
          word !== word.toUpperCase() &&
          // "Lingvo Most": a capitalised everyday word closing the name's clause, not a word of sentences.
          (isCapitalised(next) || isCompanyEnding(word) || (next === '' && !SENTENCE_WORDS.has(lower)))
        )
      )
        break;
      // A name goes on after a legal form only with another ("Co., Ltd", "Sdn Bhd", "GmbH & Co. KG").
      const previous = words[words.length - 1];
      // "Hafiz & Co Renovation", "Peretz & Co. Law Offices": "& Co" inside a name is part of it; but after its
      // full stop a word that opens a clause starts the next sentence ("Crumbs & Co. Im Jess").
      const inside =
        words[words.length - 2] === '&' &&
        !(previous?.endsWith('.') && (CLAUSE_BREAK.has(lower) || SENTENCE_WORDS.has(lower)));
      if (
        previous !== undefined &&
        isLegalForm(previous) &&
        !legal &&
        !mark &&
        word !== '&' &&
        !joinsForms &&
        !inside &&
        words.length > 1
      )
        break;
    }
    words.push(word);
    if ((legal || (mode === 'legal' && isStrongCompanyEnding(word))) && !first) lastLegal = words.length - 1;
    if (endsSentence) break;
  }
  // Connectors cannot end a company name.
  while (
    words.length > 0 &&
    CONNECTORS.has((words[words.length - 1] ?? '').toLowerCase()) &&
    !isLegalForm(words[words.length - 1] ?? '')
  )
    words.pop();
  if (mode === 'legal') {
    if (lastLegal < 0) return undefined;
    words.length = lastLegal + 1;
  }
  // "Acme company" means the company Acme; "Tobruk Cement Company" is the name.
  if (words.length > 1 && /^(?:company|firm|business)$/.test(words[words.length - 1] ?? '')) words.pop();
  const company = words
    .join(' ')
    .replace(/[.,]+$/, (dots) => (endsWithLegalForm(words.join(' ')) && dots === '.' ? '.' : ''))
    // A closing bracket of the sentence around it ("(Rangi Parata - Parata Builders Ltd)").
    .replace(/[)\]]+$/, (close) => (opensBracket(words.join(' ')) ? close : ''));
  return validCompany(company) ? company.replace(/[,]+$/, '') : undefined;
}

// "BS3", "4HJ", "SW1A", "10115": a part of a postcode has a digit and at most three letters ("Chai2Go",
// "Tiendita360" are names).
const POSTCODE_PART = /^(?=.*\d)(?:[^\p{L}]*\p{L}){0,3}[^\p{L}]*$/u;

function isPostcodePart(word: string): boolean {
  return POSTCODE_PART.test(word);
}

function opensBracket(text: string): boolean {
  return (text.match(/[([]/g)?.length ?? 0) >= (text.match(/[)\]]/g)?.length ?? 0);
}

export function validCompany(company: string): boolean {
  if (company.length < 2 || company.length > 100 || !/\p{L}/u.test(company)) return false;
  // "Mr. Ahmed", "BS3 4HJ": a person with a title, a postcode.
  if (titledPerson(company) || company.split(/\s+/).every(isPostcodePart)) return false;
  // A legal form or a contact label alone ("Ltd", "Bhd", "Tel") names nothing.
  if (
    !company.trim().includes(' ') &&
    (isLegalForm(company) ||
      /^(?:tel|phone|mob|mobile|fax|email|e-mail|web|www|cell|cel|wa|whatsapp|m|t|e|p)\.?$/i.test(company))
  )
    return false;
  if ((company.match(/\d/g)?.length ?? 0) >= 5 || /^\d{3,}\s/.test(company)) return false; // a number or a postcode, not a name
  // A generic word alone ("Agency", "Studio", "Group") names no particular organisation.
  if (!company.trim().includes(' ') && isCompanyEnding(company)) return false;
  if (isPlace(company) || isRolePhrase(company) || isDepartment(company)) return false;
  return !NOT_NAME_WORDS.has(company.toLowerCase());
}

/**
 * A title then a name ("Mr. Ahmed", "Sri Ramesh") is a person; a title opening a business's name ("Sri
 * Amman Silks", "Sheikh Furniture House": Indian and Pakistani shops are named after a deity or a family
 * this way) is not, and a business word or a company ending after the title says which.
 */
function titledPerson(company: string): boolean {
  const title = TITLES.exec(`${company} `);
  if (!title) return false;
  const rest = company.slice(title[0].length).split(/\s+/);
  // "Pan de Casa", "Don de Dieu": a title then a lower-case connector names no person.
  if (rest.length >= 2 && CONNECTORS.has(rest[0] ?? '')) return false;
  // "Dr. Farah's clinic" is hers, not a name.
  return !(
    rest.length >= 2 &&
    !/['’]s$/u.test(rest[0] ?? '') &&
    rest.some((w) => isCapitalised(w) && (isBusinessWord(w) || isCompanyEnding(w)))
  );
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
