/**
 * Reading a person's name after a lead-in: up to four name words, with particles ("van", "bin") and
 * prefixed family names, stopping at a role, a company word, a credential or a lower-case word.
 */
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { isCompanyEnding } from '../lexicons/legal-forms.js';
import { isRoleWord } from '../lexicons/job-titles.js';
import { NAME_PARTICLES, NOT_NAME_WORDS, SENTENCE_WORDS, TITLES } from '../lexicons/words.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isCapitalised, NAME_WORD, normalizeName, readTokens } from '../text.js';

/** How sure the phrasing is that a name follows. */
export type NameMode = 'lenient' | 'strict';

export const LOOKAHEAD = 120;

/** A demonym or language, not a name ("I'm Brazilian", "I'm German"). */
const DEMONYMS = new Set(
  `thai iraqi pakistani israeli saudi omani yemeni kuwaiti qatari emirati bangladeshi nepali somali bahraini afghani
  french dutch swiss greek czech irish welsh scottish danish polish turkish finnish swedish spanish english british
  american canadian brazilian indian nigerian kenyan german italian mexican chinese japanese korean vietnamese
  portuguese lebanese sudanese egyptian russian ukrainian australian colombian peruvian chilean argentinian argentine
  venezuelan cuban jamaican ghanaian ethiopian african asian european arab arabic latino latina hispanic filipino
  filipina indonesian malaysian singaporean iranian persian syrian jordanian palestinian moroccan algerian tunisian
  senegalese cameroonian ugandan tanzanian rwandan belgian austrian norwegian hungarian romanian bulgarian serbian
  croatian lithuanian kazakh georgian ivorian`.split(/\s+/),
);
function isDemonym(lower: string): boolean {
  return DEMONYMS.has(lower);
}

const SIGN_OFF_WORD_SET = new Set(
  `gruß gruss grüße grüsse mvh vh hilsen lg mfg vg regards cheers thanks thx best sincerely saludos atentamente atte cordialement
  merci grazie danke obrigado obrigada groeten groetjes pozdrawiam pozdrav üdvözlettel terveisin hälsningar habla avv pharmacien
  pharmacienne werkstudent werkstudentin zzp'er osvč ca cpa mba phd`.split(/\s+/),
);

function wordFits(word: string, mode: NameMode): boolean {
  const lower = word.toLowerCase();
  if (!NAME_WORD.test(word)) return false;
  if (
    NOT_NAME_WORDS.has(lower) ||
    SIGN_OFF_WORD_SET.has(lower) ||
    isRoleWord(lower) ||
    isCompanyEnding(word) ||
    isDemonym(lower)
  )
    return false;
  if (mode === 'lenient') return true;
  if (isCapitalised(word)) return word.length > 1 && (word !== word.toUpperCase() || word.length <= 12);
  return isPersonNameWord(lower);
}

// Particles that join any capitalised word ("bin Rosli", "van Dijk"); others ("de", "da") only a known
// family name, so "Karla Méndez de Logística Azteca" stops before the company.
const STRONG_PARTICLES = new Set([
  'bin',
  'binti',
  'bint',
  'ibn',
  'al',
  'el',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'ten',
  'ben',
  'st',
  // Irish, Scottish and Welsh: "Rhys ap Gwilym", "Siobhán Ní Bhriain", "Seán Ó Briain".
  // "Annelie du Toit", "Jean du Plessis".
  'du',
  'ap',
  'ní',
  'ni',
  'nic',
  'ó',
  'ua',
  'mac',
  'mc',
]);

function particleJoins(particle: string, next: string | undefined, rest: string, afterParticle: boolean): boolean {
  if (!next || !NAME_WORD.test(next) || endsWithLegalFormAhead(rest)) return false;
  if (afterParticle) return isCapitalised(next) || isPersonNameWord(next.toLowerCase());
  if (STRONG_PARTICLES.has(particle)) return isCapitalised(next) || isPersonNameWord(next.toLowerCase());
  return isPersonNameWord(next.toLowerCase()) || NAME_PARTICLES.has(next.toLowerCase());
}

// "I" in other languages that are also given names ("ben mimarım" is Turkish "I'm an architect").
const PRONOUNS_LIKE_NAMES = new Set('ben main mai ana ami man ena ene mama saya aku'.split(' '));

// What may follow a name typed in lower case: "im trevor knowles from ...", "sou o wilson catumbela da ...".
const AFTER_LOWER_NAME = new Set(
  'from de da do di van von of at with here and y e et und fra från frá iz aus z ze'.split(' '),
);

/**
 * "im trevor knowles from ...", "hi im lee seo-yeon from ...": after a given name typed in lower case, one
 * more lower-case word the lexicon does not know is the family name when the clause ends after it or a word
 * saying where from follows (not "soy kevin quiero ...").
 */
function familyAfterGiven(words: string[], word: string, next: string | undefined): boolean {
  const first = words[0] ?? '';
  if (
    words.length !== 1 ||
    first !== first.toLowerCase() ||
    first.length < 3 ||
    PRONOUNS_LIKE_NAMES.has(first) ||
    !isGivenName(first) ||
    word !== word.toLowerCase()
  )
    return false;
  if (next !== undefined && !AFTER_LOWER_NAME.has(next.toLowerCase())) return false;
  return (
    NAME_WORD.test(word) &&
    word.length > 2 &&
    !NOT_NAME_WORDS.has(word) &&
    !SENTENCE_WORDS.has(word) &&
    !SIGN_OFF_WORD_SET.has(word) &&
    !isRoleWord(word) &&
    !isCompanyEnding(word) &&
    !isBusinessWord(word) &&
    !isPlace(word) &&
    !isDemonym(word)
  );
}

/** "Galli Trasporti SRL" after "della": the rest of the clause is a company, not more name. */
export function endsWithLegalFormAhead(rest: string): boolean {
  const clause = rest.split(/[,;:!?\n()|]|\s[-–—]\s/)[0] ?? '';
  return /\s(?:s\.?r\.?l|s\.?a|ltda?|gmbh|llc|inc|sarl|s\.?l|s\.?p\.?a|bv|nv|ag|oy|ab|as|plc|lda|co)\.?(?:\s|$)/i.test(
    ` ${clause} `,
  );
}

const INITIALS = /^\s*(?:(?:\p{Lu}|Ma)\.\s*){1,3}(?=\p{Lu}\p{Ll})/u;

/** Reads up to four name words after a lead-in; undefined when the first word does not fit. */
export function readName(after: string, mode: NameMode): string | undefined {
  // "S. Karthikeyan", "R. M. Sanjeewa Bandara", "Ma. Cristina dela Cruz" (Filipino "Ma." for María): initials
  // before a capitalised name are kept.
  const text = after.replace(TITLES, '');
  const initials = text.includes('.') ? (INITIALS.exec(text)?.[0] ?? '') : '';
  if (initials) {
    const rest = readName(text.slice(initials.length), mode);
    return rest ? `${initials.trim().replace(/\s+/g, ' ')} ${rest}` : undefined;
  }
  const tokens = readTokens(text, 6);
  let words: string[] = [];
  const core = () => words.filter((w) => !NAME_PARTICLES.has(w.toLowerCase())).length;
  for (let i = 0; i < tokens.length && core() < 4; i++) {
    const { word, endsSentence } = tokens[i] as { word: string; endsSentence: boolean };
    const lower = word.toLowerCase();
    if (words.length > 0 && NAME_PARTICLES.has(lower)) {
      const rest = tokens
        .slice(i + 1)
        .map((t) => t.word)
        .join(' ');
      const afterParticle = NAME_PARTICLES.has((words[words.length - 1] ?? '').toLowerCase());
      const next = tokens[i + 1]?.word ?? '';
      // "Lotte Peeters van Peeters Bloemen": a name does not repeat itself after a particle; that is a company.
      if (words.some((w) => w.toLowerCase() === next.toLowerCase())) break;
      // "Jürgen Becker von Swakop Solar", "Annelie Joubert van Karoo Kerse": after a given and a family name,
      // "von"/"van" introduce where the visitor is from, unless a known family name follows.
      if ((lower === 'von' || lower === 'van') && words.length >= 2 && !isPersonNameWord(next.toLowerCase())) break;
      // "Cristina Popa de la EduTech Moldova", "Leonie Hoffmann von der Bäckerei Hoffmann": after a given and a
      // family name, particle and article say where from, unless a known family name follows ("de la Rosa").
      const afterRun = tokens.slice(i + 1).find((t) => !NAME_PARTICLES.has(t.word.toLowerCase()))?.word ?? '';
      if (words.length >= 2 && NAME_PARTICLES.has(next.toLowerCase()) && !isPersonNameWord(afterRun.toLowerCase()))
        break;
      // "Wout De Smedt": a capitalised particle before the last word of the clause.
      const closing =
        isCapitalised(word) &&
        (word.length === 1 || word !== word.toUpperCase()) &&
        isCapitalised(next) &&
        tokens[i + 2] === undefined;
      if (!closing && !particleJoins(lower, next || undefined, rest, afterParticle)) break;
      words.push(word);
      continue;
    }
    if (!wordFits(word, mode) && !familyAfterGiven(words, word, tokens[i + 1]?.word)) break;
    // "Lerato Mahlangu CA", "Ana Ruiz MBA": a credential after the name, not part of it.
    if (words.length >= 2 && /^\p{Lu}{2,4}$/u.test(word) && !words.every((w) => w === w.toUpperCase())) break;
    // A capitalised name stops at a lower-case word ("Nii Armah Tetteh btw", "Lucas Ferreira dono da ..."),
    // but not at a prefixed family name ("al-Shehri", "d'Souza", "bin-Ali").
    const prefixed = /^(?:al|el|ad|ar|as|at|az|an|ash|bin|ibn|abu|d|da|de|di|le|la|o|mac|mc)[-'’]\p{Lu}/u.test(word);
    if (words.length > 0 && words.some(isCapitalised) && !isCapitalised(word) && !prefixed) break;
    words.push(word);
    if (endsSentence) break;
  }
  // A particle cannot end a name ("Maria de" of "Maria de Souza" cut by the clause end).
  while (words.length > 1 && NAME_PARTICLES.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
  // "ben Emre Yılmaz", "na Ngozi Eze": lower-case words before a capitalised name are not part of it.
  const firstCapital = words.findIndex(isCapitalised);
  if (firstCapital > 0) words = words.slice(firstCapital);
  if (words.length === 0) return undefined;
  // A lower-case first word only when it is a known given name ("im maria", not "im fine").
  const first = words[0] ?? '';
  if (mode === 'strict' && !isCapitalised(first) && !isGivenName(first.toLowerCase())) return undefined;
  // "Rogelio Abellana Jr.": the generational suffix is not needed to know the person.
  while (words.length > 2 && /^(?:jr|sr|ii|iii|iv)\.?$/i.test(words[words.length - 1] ?? '')) words.pop();
  // A lone place is not a name ("I am Karachi based"); "Montserrat Puig" is.
  if (words.length === 1 && isPlace(first) && !isPersonNameWord(first.toLowerCase())) return undefined;
  return normalizeName(words.join(' '));
}
