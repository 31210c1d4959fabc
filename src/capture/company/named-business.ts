/**
 * A business named by a word for it and a naming verb, in any language and any case: "the place is called
 * Falafel HaNasi", "cafe is called brew n bake", "la pelu se llama Tijeras Lucía", "to magazi legetai
 * Kosmimata Mylona", "otelin adı Kaya Butik Otel", "el mat3am esmo Beit Teta", "laundry ku namanya Bersih
 * Kilat Laundry", "agency tên là Phuc Creative", "Butikken heter Garnkroken". With a plain "is"/"es"/"c'est"
 * ("la marca es Joyas Raíz", "Office is Peretz & Co. Law Offices") only a capitalised name counts.
 * A business used by the visitor ("we use an agency called BlueOrbit") is not theirs.
 */
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isBusinessKind } from '../lexicons/business-kinds.js';
import { hasAnyWord, matchesOf, wordsOf, type Candidate } from '../text.js';
import { LOOKAHEAD, readCompany } from './read-company.js';
import { OWNERSHIP } from './ownership-lead-ins.js';

// Verbs and words that give a name, in the languages the visitors write ("its name is", "is called").
const NAMING = String.raw`(?:(?:is\s+|'s\s+|’s\s+)?called|(?:is\s+)?named|name\s+is|name\s*[:=-]|name(?=\s)|(?:que\s+)?se\s+llama|(?:qui\s+)?s['’]appelle|on\s+l['’]appelle|se\s+chama|chama-se|si\s+chiama|(?:il\s+)?nome\s+(?:vero\s+)?[èe]|hei(?:ß|ss)t|heet|(?:som\s+|der\s+)?(?:heter|hedder)|heitir|se\s+jmenuje|jmenuje\s+se|se\s+zove|leg[eo]tai|ad[ıi]|ismi|ismu[h]?|esmu[h]?|esm[oa]h?|esmaha|esmha|esmesh|esmash|smito|smitha|(?:ku\s+|saya\s+)?namanya|t[êe]n\s+l[àa]|t[êe]n|naam|peyar|neve|se\s+nume[sș]te|nazyvaiet(?:sia|sya)|nazyvaet(?:sia|sya)|nazywa\s+si[ęe]|le\s+puse|(?:i|li|ya|ki|vi|u|zi|a)naitwa|叫)`;
// A plain copula: the name must be capitalised and the business word right before it.
// ("la", "na", "to" are as often an article or a preposition: "Café La Esperanza", "sklep na WooCommerce".)
const COPULA = String.raw`(?:is|es|é|è|est|c['’]est|ist|je|ni|là|er|är)`;

// Words for a business or its name that the business-word lexicon leaves out, in the visitors' languages.
const HOLDERS = new Set(
  `place name naam nama nombre nome nom namn navn nazwa pelu resto complejo finca cooperativa marchio marque pasal
  tiệm tiem mahal ma7al hanout matjar mat3am ma6bakh maktab sherka sharika sharikitna shirke sherkat sharikat kafe magazi estiatorio otel otelin
  restoran restoranın salonun dükkan puesto dietética vinbar verkstad bedrijfje ryokan lodge inn venue outfit biz
  botillería florería picantería`.split(/\s+/),
);

// The trigger words of NAMING, for a look-up before any regex runs.
const TRIGGERS =
  `called named name llama appelle s'appelle s’appelle l'appelle l’appelle chama chama-se chiama nome heißt heisst heet heter hedder heitir jmenuje zove
  legetai legotai adı adi ismi ismu ismuh esmu esmuh esmesh esmash esmo esma esmoh esmah esmaha esmha smito smitha namanya tên ten naam peyar neve numeste numește
  nazyvaietsia nazyvaietsya nazyvaetsia nazyvaetsya nazywa puse 叫 is es é è est c'est c’est ist je ni là er är
  inaitwa linaitwa yanaitwa kinaitwa vinaitwa unaitwa zinaitwa anaitwa`.split(/\s+/);

// The verb first (one scan of the message), then the words before it are looked at: cheaper than a scan
// trying four words before every verb at every word.
const VERB = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:(${NAMING})|(${COPULA}))(?![\p{L}\p{N}])\s*[:–-]?\s*['"“‘«]?\s*`,
  'giu',
);
// Up to four words of one clause before the verb.
const WORDS_BEFORE = /(?<![\p{L}\p{N}'’])((?:[\p{L}\p{N}'’-]+\s+){0,3}[\p{L}\p{N}'’-]+)\s*,?\s+$/u;
// Someone else's business: "we use an agency called X", "our previous developer, a studio called X".
// (A family member's business is the one the visitor writes for: "on behalf of my sister's brand, X".)
export const SOMEONE_ELSES =
  /\b(?:use|uses|using|used|hired|previous|former|old|current|competitor|competition|supplier|client|customer|like|than|recommended|worked\s+with)\b[^.!?\n]*$/iu;
// "my name is", "mera naam", "mi nombre es": the visitor's own name, not the business's.
const NAME_WORD_AFTER_PERSON =
  /\b(?:my|your|his|her|full|first|last|sur|mera|meri|mi|mon|meu|mein|mijn|min|mitt|moje|benim|mero|mama|naan|saya)\s+(?:full\s+)?(?:name|naam|nama|nombre|nome|nom|namn|navn|nazwa)\s*$/iu;
const THE = /\b(?:the|its|their|el|la|le|il|der|die|das|het)\s*$/iu;
const NOW = /^(?:now|maintenant|ahora|jetzt|agora|ora|adesso|nu|officially|oficialmente|offiziell|na|ni)\s+/iu;

export function findNamedBusinesses(masked: string, out: Candidate[], owned: boolean): void {
  if (!hasAnyWord(masked, TRIGGERS) && !masked.includes('叫')) return;
  if (!holdsHolder(masked)) return;
  for (const m of matchesOf(masked, VERB)) {
    const copula = m[2] !== undefined;
    const window = masked.slice(Math.max(0, m.index - 80), m.index);
    // With a copula, the business word right before it ("la marca es X", "el food truck es X"); else any of
    // the few words before a naming verb ("a bakery in Leeds called X").
    const run = WORDS_BEFORE.exec(window);
    if (!run?.[1]) continue;
    const holders = run[1].toLowerCase().split(/\s+/);
    const before = window.slice(0, run.index);
    const lead = window.slice(0, run.index + run[1].length);
    // "i have gym for ladies in Alexandria, name is X", "on est une petite startup à Lausanne, ça s'appelle
    // X": the visitor's own business said earlier in the sentence, then a capitalised name.
    // (Not "my name is Tom", "my full name is X": the visitor's own name.)
    const ownedBefore =
      !copula &&
      !PERSONAL.test(lead) &&
      /^\s*\p{Lu}/u.test(masked.slice(m.index + m[0].length)) &&
      ownsBusiness(lead.split(/[.!?\n]/u).pop() ?? '');
    if (!ownedBefore && (copula ? !isHolder(holders[holders.length - 1] ?? '') : !holders.some(isHolder))) continue;
    // "shop name X", "the name is X", not "my name is X" nor "ok la name is Jaslyn".
    const holder = holders[0] ?? '';
    if (!ownedBefore && holders.length === 1 && isNameWord(holder) && !isHolder(lastWord(before)) && !THE.test(before))
      continue;
    if (NAME_WORD_AFTER_PERSON.test(lead)) continue;
    const sentence = lead.split(/[.!?\n]/u).pop() ?? '';
    if (SOMEONE_ELSES.test(sentence)) continue;
    // "s'appelle maintenant X", "se llama ahora X": the adverb is not part of the name.
    const adverb = NOW.exec(masked.slice(m.index + m[0].length))?.[0].length ?? 0;
    const at = m.index + m[0].length + adverb;
    const rest = masked.slice(at, at + LOOKAHEAD);
    // "our office is Brīvības iela 40": an address.
    if (copula && /^[^,.;\n]{1,40}?\s\d{1,4}\b/u.test(rest)) continue;
    const lowerCase =
      !/^\p{Lu}/u.test(rest) && !/^[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\s]/u.test(rest);
    // A bare "name" names only a capitalised name ("shop name Sri Amman Silks", not "company name changed").
    if ((copula || /^name$/i.test(m[1] ?? '')) && lowerCase) continue;
    const company = readCompany(rest, lowerCase ? 'lenient' : 'strict')?.replace(/['’"”»]+$/u, '');
    if (!company || (company.length <= 2 && !/\p{Lu}{2}/u.test(company))) continue;
    // "the restaurant will be called Beit Teta but it's not registered yet": not the name to record.
    const ownSaid = (owned || OWNERSHIP.test(sentence)) && !/\b(?:will|gonna|going\s+to|would)\s+be\s*$/iu.test(lead);
    out.push({ value: company, start: at, end: at + company.length, ...(ownSaid ? {} : { weak: true }) });
  }
}

// A person's possessive right before the naming words ("my name is", "mi nombre", "my full name").
const PERSONAL =
  /\b(?:my|your|his|her|mi|mon|ma|meu|mein|mijn|min|mitt|moje|benim|mero|mera|meri|saya|je|ich|i)(?:\s+(?:full|first|last|sur|real|given))?\s*$/iu;
// The word "name" in the visitors' languages.
const NAME_WORDS = /^(?:name|naam|nama|nombre|nome|nom|namn|navn|nazwa)$/;

/** The word "name" in one of the visitors' languages (lower case): it names a person as often as a business. */
export function isNameWord(word: string): boolean {
  return NAME_WORDS.test(word);
}

/** A word for a business or its name ("matjar", "kafe", "bakery"), lower case. */
export function isHolder(word: string): boolean {
  const bare = word.endsWith("'s") || word.endsWith('’s') ? word.slice(0, -2) : word;
  return HOLDERS.has(bare) || isBusinessWord(bare) || (bare.length > 2 && isBusinessKind(bare));
}

/** The sentence says the visitor has or runs a business: "i have gym", "on est une petite startup". */
function ownsBusiness(sentence: string): boolean {
  if (!OWNERSHIP.test(sentence)) return false;
  for (const w of sentence.toLowerCase().match(/[\p{L}'’-]+/gu) ?? []) if (isBusinessWord(w)) return true;
  return false;
}

function lastWord(text: string): string {
  return /([\p{L}\p{N}'’-]+)\s*$/u.exec(text)?.[1]?.toLowerCase() ?? '';
}

/** The message holds a business word or another word a business is named after. */
function holdsHolder(masked: string): boolean {
  for (const w of wordsOf(masked)) if (isHolder(w)) return true;
  // Words with digits: Arabic in Latin letters writes "ma7al", "mat3am".
  return /\p{L}\p{N}\p{L}/u.test(masked) && (masked.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []).some(isHolder);
}
