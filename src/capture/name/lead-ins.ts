/** Self-introductions: "my name is", "I'm", "this is", "X here", "me llamo", "ich bin", "it's X" when asked. */
import { NAME_LABELS, SELF_INTRODUCTIONS } from '../lexicons/introductions.js';
import { GREETING_PATTERN } from '../lexicons/words.js';
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isBusinessKind } from '../lexicons/business-kinds.js';
import { isGivenName } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { activeByWords, hasAnyWord, matchesOf, spellingsOf, type Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push, readKnownName } from './push-name.js';
import { LOOKAHEAD, readName, type NameMode } from './read-name.js';

const MULTILINGUAL_LEAD_INS = SELF_INTRODUCTIONS;

/** A preposition of origin right after "I am" in several languages ("soy de", "sono di", "sem iz", "ich bin aus"). */
const ORIGIN = /^(?:de|di|da|do|del|dal|dalla|desde|from|iz|aus|uit|fra|från|frá)\s+([\p{L}'’-]+)/u;
function isOrigin(after: string): boolean {
  const next = ORIGIN.exec(after)?.[1];
  return next !== undefined && (isPlace(next) || !isGivenName(next.toLowerCase()));
}

// Words too common to say a lead-in may be there ("me" of "me llamo"): the next word is checked instead.
const COMMON = new Set([
  'me',
  'my',
  'mi',
  'ma',
  'a',
  'o',
  'es',
  'en',
  'le',
  'les',
  'te',
  'im',
  'ek',
  'em',
  'je',
  'ich',
  'ik',
  'eu',
  'io',
  'ja',
  'jag',
  'jeg',
  'mani',
  'mano',
  'to',
  'il',
  'mein',
  'mijn',
  'mon',
  'meu',
  'moje',
  'mein',
  'se',
  'sou',
  'minun',
  'minu',
  'mina',
  'min',
  'ana',
  'mera',
  'amar',
  'en',
  'nama',
  'quien',
  'vous',
  'moeto',
  'emri',
  'benim',
  'mening',
  'chemi',
  'numele',
  'mitt',
  'mit',
  'nafnið',
  'my',
  // Words of round 9's lead-ins that are everywhere ("is" of "is mise", "i" of "i bin da", "c" of "c moi",
  // "name" of "name na"): the multilingual regex would run on most messages.
  'is',
  'i',
  'c',
  'name',
]);

/** A word each lead-in pattern must contain ("s[óo]c" -> "sóc", "soc"; "me\\s+llamo" -> "llamo"), for a quick check. */
function firstWords(patterns: string[]): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const parts = pattern
      .split(/\\s\+|\\s\*|\(\?/)
      .map((p) => p.replace(/\\/g, ''))
      .filter(Boolean);
    const literal =
      parts.find((p) => /^[\p{L}'’[\]-]+$/u.test(p) && !spellingsOf(p).every((v) => COMMON.has(v.toLowerCase()))) ??
      parts[0] ??
      '';
    for (const v of spellingsOf(literal)) out.push(...(v.split(/['’]/)[0] === v ? [v] : [v, v.split(/['’]/)[0] ?? v]));
  }
  return [...new Set(out.map((w) => w.toLowerCase()).filter(Boolean))];
}

const LEAD_INS: Array<{ re: RegExp; mode: NameMode; knownFirst?: boolean; needs?: readonly string[] }> = [
  {
    re: /\bmy\s+(?:full\s+|first\s+|real\s+|given\s+|good\s+)?name\s*(?:is|'s|’s|=|:|-|–)\s*/giu,
    mode: 'lenient',
    needs: ['name', "name's", 'name’s'],
  },
  {
    re: /(?:^|[^\p{L}\s]\s*|\b(?:and|,)\s+|\n\s*)(?:(?:full|first|contact|your|given)\s+)?name\s*(?:[:=–—-]|is\b|'s\b|’s\b)\s*/giu,
    mode: 'lenient',
    needs: ['name', "name's", 'name’s'],
  },
  { re: /\bname\s+(?:ko|po|ko\s+po|ji|pa)\s+(?:is\s+)?/giu, mode: 'strict', needs: ['name'] },
  // "my name Reem", "my name Le Hoang Nam": no verb, then a capitalised name (its first word may be "Le").
  { re: /\b[Mm]y\s+name\s+(?=\p{Lu})/gu, mode: 'strict', needs: ['name'] },
  {
    re: /\bcontact\s+(?:person|name)\s*(?:[:=–—-]|is\b)?\s*(?:me\s*[,:-]\s*)?/giu,
    mode: 'lenient',
    needs: ['contact'],
  },
  {
    re: new RegExp(`(?:^|\\n|[,;|.!?]\\s*)(?:${NAME_LABELS.join('|')})\\s*[:=–—-]\\s*`, 'giu'),
    mode: 'lenient',
    needs: firstWords(NAME_LABELS),
  },
  { re: /\b(?:i'm|i’m|i\s+am|iam)\s+/giu, mode: 'strict', needs: ["i'm", 'i’m', 'am', 'iam'] },
  // Bare "im" is also German ("im Auftrag der ..."): only before a known given name or a capitalised full name,
  // written either way ("hi im dana", "hi im Dana"), and not before the German months, seasons and "Kalender"
  // that the name lexicon also holds ("im April", "im Winter", "im Kalender").
  { re: /\bim\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/gu, mode: 'strict', needs: ['im'] },
  {
    re: /\b[Ii]m\s+(?!(?:[Jj]anuar|[Ff]ebruar|[Mm]ärz|[Aa]pril|[Mm]ai|[Jj]uni|[Jj]uli|[Aa]ugust|[Ss]eptember|[Oo]ktober|[Nn]ovember|[Dd]ezember|[Ww]inter|[Ss]ommer|[Hh]erbst|[Ff]rühling|[Kk]alender)(?!\p{L}))(?=\p{L})/gu,
    mode: 'strict',
    knownFirst: true,
    needs: ['im'],
  },
  { re: /\bthis\s+is\s+/giu, mode: 'strict', needs: ['this'] },
  { re: /\b(?:call|address)\s+me\s+/giu, mode: 'strict', needs: ['me'] },
  {
    re: /\b(?:i\s+go\s+by|they\s+call\s+me|people\s+call\s+me|known\s+as|it'?s\s+spelled|spelled|spelt)\s+/giu,
    mode: 'strict',
    needs: ['go', 'call', 'known', 'spelled', 'spelt'],
  },
  { re: /\bmyself\s*[,:-]?\s+(?=\p{L})/giu, mode: 'strict', needs: ['myself'] },
  { re: /\bthis\s+side\s*[,:-]?\s*/giu, mode: 'strict', needs: ['side'] },
  // An article may follow ("soy la Javiera", "ich bin der Jonas", "eimai o Panagiotis").
  {
    needs: firstWords(MULTILINGUAL_LEAD_INS),
    re: new RegExp(
      `(?:^|[^\\p{L}])(?:${MULTILINGUAL_LEAD_INS.join('|')})\\s*[,:]?\\s+(?:(?:der|die|la|el|le|lo|o|a|h|i)\\s+|l['’])?`,
      'giu',
    ),
    mode: 'strict',
  },
  // Case matters here: Turkish "ben" and Hindi "main" only before a capitalised full name.
  {
    re: /(?:^|[^\p{L}])(?:(?:ben|main|mai|ana|mimi\s+ni|smiti|esmi)\s+(?=\p{Lu}\p{Ll}+\s+\p{L})|(?:ami|ena|ani|man|ya|nze|ene|mama)\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu}))/gu,
    mode: 'strict',
    needs: [
      'ben',
      'main',
      'mai',
      'ana',
      'ami',
      'ena',
      'ani',
      'man',
      'ya',
      'nze',
      'ene',
      'mama',
      'mimi',
      'smiti',
      'esmi',
    ],
  },
  // Capitalised, these are as often a given name ("Ben Thomas", "Mai Tran"): only opening a sentence, before a
  // full name ("Salam. Main Nadia Hussain, ...", "Bin Theresa Pichler, Ölmühle Pichler").
  {
    re: /(?:^|[.!?,;:\n]\s*)(?:Main|Ami|Ena|Bin|Nitwa|Nze|Ene)\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu}[\p{L}'’-]*\s*(?:[,.;:!?\n]|$))/gu,
    mode: 'strict',
    needs: ['main', 'ami', 'ena', 'bin', 'nitwa', 'nze', 'ene'],
  },
  { re: /\bmy\s+names\s+are\s+/giu, mode: 'lenient', needs: ['names'] },
  { re: /\b(?:full|real)\s+name\s+(?:is\s+)?(?=\p{L})/giu, mode: 'strict', needs: ['name'] },
  {
    re: /(?:^|[^\p{L}])(?:aqu[íi]|ici|hier\s+ist|here\s+is|qui|ni)\s+(?=\p{L})/giu,
    mode: 'strict',
    needs: ['aquí', 'aqui', 'ici', 'hier', 'here', 'qui', 'ni'],
  },
  {
    re: /(?:^|[.!?\n]\s*)(?:me|contact|contact\s+person|ime|nom|nombre|nome)\s*:\s*/giu,
    mode: 'strict',
    needs: ['me', 'contact', 'ime', 'nom', 'nombre', 'nome'],
  },
  { re: /\b(?:my|ma|mi)\s+name\s+(?:na|be|am|is)\s+/giu, mode: 'lenient', needs: ['name'] },
];

// "Sara Khan here", "Ivan from Acme here", "Rahul this side": at the start of a sentence or after a greeting.
const NAME_HERE = new RegExp(
  `(?:^|[.!?,;\\n]\\s*|\\b${GREETING_PATTERN}(?:\\s+(?:team|there|all|guys|everyone|nora))?[\\s,!.\\p{Extended_Pictographic}]*\\s)((?:(?!(?:from|at|with|of|de|da|di|von|van)\\s)[\\p{L}'’-]+\\s+){1,4})(?:(?:from|at|with|of|de|da|di|von|van)\\s+[^.!?\\n,]{1,60}?\\s+)?(?:here|speaking|this\\s+side|on\\s+this\\s+side|hier|aqu[íi]|ici|qui|vagyok|desu|h[äe]r|her|tady|itt|t[äa]{2}ll[äa]|です|입니다|と申します|to\\s+mou?shimasu|heter\\s+jag|t[ōo]ku\\s+ingoa)(?![\\p{L}\\p{N}])`,
  'giu',
);

const IT_IS_WORDS = ["it's", 'it’s', 'it', 'its'];
const HERE_WORDS = [
  'here',
  'speaking',
  'side',
  'hier',
  'aquí',
  'aqui',
  'ici',
  'qui',
  'vagyok',
  'desu',
  'här',
  'her',
  'tady',
  'tu',
  'itt',
  'aqui',
  'täällä',
  'です',
  '입니다',
  'と申します',
  'moushimasu',
  'moshimasu',
  'jag',
  'tōku',
  'toku',
];

// The lead-ins as objects of one shape (every property present): read on every message, one layout keeps each
// property read a quick look-up.
const UNIFORM_LEAD_INS = LEAD_INS.map(({ re, mode, knownFirst }) => ({ re, mode, knownFirst: knownFirst ?? false }));

export function findLeadIns(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const i of activeByWords(masked, LEAD_INS)) {
    const { re, mode, knownFirst } = UNIFORM_LEAD_INS[i] as (typeof UNIFORM_LEAD_INS)[number];
    for (const m of matchesOf(masked, re)) {
      const at = m.index + m[0].length;
      // "company name: X", "your name is X" are not the visitor's name.
      const nameAt = m[0].search(/name/i);
      if (
        nameAt >= 0 &&
        /\b(?:company|business|brand|user|file|project|domain|site|website|your|his|her|their|its|our|product|app|shop|store|account|assistant|bot)\s*$/i.test(
          masked.slice(Math.max(0, m.index - 12), m.index + nameAt),
        )
      )
        continue;
      // "I have a small company of software outsourcing, name is Lucy Tech": the name of the company.
      // (Up to "name" itself: the match may open with the full stop that ends the sentence before it.)
      if (nameAt >= 0 && namesBusiness(masked.slice(Math.max(0, m.index + nameAt - 45), m.index + nameAt))) continue;
      // "shop em tên là Linh Xinh Store", "tiệm tên là X": the name of the business just named.
      if (isBusinessWord(/([\p{L}'’]+)\s*$/u.exec(masked.slice(Math.max(0, m.index - 20), m.index + 1))?.[1] ?? ''))
        continue;
      // "soy de Rosario", "sono di Napoli", "sem iz Maribora": where the visitor is from, not a name; but
      // "ich bi de Reto", "Ech sinn de Marc": an article before a given name.
      if (isOrigin(masked.slice(at, at + 40))) continue;
      const name = readName(masked.slice(at, at + LOOKAHEAD), mode);
      if (knownFirst && !isGivenName((name?.split(' ')[0] ?? '').toLowerCase())) continue;
      push(out, name, at, ctx, false, masked);
    }
  }
  // "it's Maria": only when asked, or with a known given name.
  const itIs = hasAnyWord(masked, IT_IS_WORDS) ? matchesOf(masked, /\b(?:it's|it’s|it\s+is|its)\s+(?=\p{L})/giu) : [];
  for (const m of itIs) {
    const at = m.index + m[0].length;
    const after = masked.slice(at, at + LOOKAHEAD);
    const name = ctx.askedForName ? readName(after, 'strict') : readKnownName(after);
    const introduced = /^\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}\s+(?:from|here|speaking|with)\b/u.test(
      after,
    );
    push(out, name ?? (introduced ? readName(after, 'strict') : undefined), at, ctx, false, masked);
  }
  if (hasAnyWord(masked, HERE_WORDS))
    for (const m of matchesOf(masked, NAME_HERE)) {
      const words = m[1] ?? '';
      const at = m.index + m[0].indexOf(words);
      const name = readName(words, 'strict');
      if (name && name.split(' ').length === words.trim().split(/\s+/).length) push(out, name, at, ctx, false, masked);
    }
}

// The words of the sentence before "name", and a possessive of the visitor's right before it ("my name").
const SENTENCE_BEFORE = /[^.!?\n]{0,45}$/u;
const PERSONAL_NAME = /\b(?:my|mi|mon|ma|meu|minha|mein|mijn|min|mitt|moje|mera|meri|mero|full|first|last|sur)\s*$/iu;

/**
 * "I have a small company of software outsourcing, name is Lucy Tech", "i have gym for ladies only in
 * Alexandria, name is Lady Fit Alex": a word for a business (typed or OpenStreetMap's kinds) earlier in the
 * sentence, and no "my" before "name", says the name is the business's.
 */
function namesBusiness(before: string): boolean {
  if (PERSONAL_NAME.test(before)) return false;
  const sentence = SENTENCE_BEFORE.exec(before)?.[0] ?? '';
  for (const w of sentence.toLowerCase().match(/[\p{L}]+/gu) ?? [])
    if (isBusinessWord(w) || (w.length > 2 && isBusinessKind(w))) return true;
  return false;
}
