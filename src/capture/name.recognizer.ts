/**
 * The visitor's own name: after a self-introduction in many phrasings and languages ("my name is",
 * "name's", "I'm", "this is", "X here", "myself X", "me llamo", "ich bin"...), in a sign-off or signature
 * ("Thanks, Jo", "Best regards,\nKlaus Weber"), at the head of a message ("Ivan Petrov, Acme - ..."),
 * before the visitor's own email, or as the bare answer when the assistant has just asked for it.
 * Where the phrasing could introduce anything ("I'm ..."), the words must look like a name: capitalised,
 * or known given or family names.
 */
import { isGivenName, isPersonNameWord } from './lexicons/person-names.js';
import { isPlace } from './lexicons/places.js';
import { isCompanyEnding, isLegalForm, mayHoldLegalForm } from './lexicons/legal-forms.js';
import { isRoleWord } from './lexicons/job-titles.js';
import { NAME_LABELS, SELF_INTRODUCTIONS } from './lexicons/introductions.js';
import { GREETING_PATTERN, NAME_PARTICLES, NOT_NAME_WORDS, SIGN_OFF_PATTERN, TITLES } from './lexicons/words.js';
import { hasAnyWord, isCapitalised, NAME_WORD, normalizeName, readTokens, wordsOf, type Candidate } from './text.js';

/** How sure the phrasing is that a name follows. */
export type NameMode = 'lenient' | 'strict';

export interface NameContext {
  /** The assistant has just asked for the name: a bare answer is the name. */
  askedForName: boolean;
  /** A name this conversation already gave: corrections of it are read. */
  knownName: string | undefined;
  /** Names that are never the visitor's: the business's, the assistant's. Lower case. */
  excluded: Set<string>;
}

const LOOKAHEAD = 120;

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
]);

function particleJoins(particle: string, next: string | undefined, rest: string, afterParticle: boolean): boolean {
  if (!next || !NAME_WORD.test(next) || endsWithLegalFormAhead(rest)) return false;
  if (afterParticle) return isCapitalised(next) || isPersonNameWord(next.toLowerCase());
  if (STRONG_PARTICLES.has(particle)) return isCapitalised(next) || isPersonNameWord(next.toLowerCase());
  return isPersonNameWord(next.toLowerCase()) || NAME_PARTICLES.has(next.toLowerCase());
}

/** "Galli Trasporti SRL" after "della": the rest of the clause is a company, not more name. */
function endsWithLegalFormAhead(rest: string): boolean {
  const clause = rest.split(/[,;:!?\n()|]|\s[-–—]\s/)[0] ?? '';
  return /\s(?:s\.?r\.?l|s\.?a|ltda?|gmbh|llc|inc|sarl|s\.?l|s\.?p\.?a|bv|nv|ag|oy|ab|as|plc|lda|co)\.?(?:\s|$)/i.test(
    ` ${clause} `,
  );
}

/** Reads up to four name words after a lead-in; undefined when the first word does not fit. */
export function readName(after: string, mode: NameMode): string | undefined {
  const text = after.replace(TITLES, '');
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
    if (!wordFits(word, mode)) break;
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

const MULTILINGUAL_LEAD_INS = SELF_INTRODUCTIONS;

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
]);

/** A word each lead-in pattern must contain ("s[óo]c" -> "sóc", "soc"; "me\\s+llamo" -> "llamo"), for a quick check. */
function firstWords(patterns: string[]): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const parts = pattern
      .split(/\\s\+|\\s\*|\(\?/)
      .map((p) => p.replace(/\\/g, ''))
      .filter(Boolean);
    const expand = (word: string): string[] => {
      let variants = [''];
      for (const part of word.match(/\[[^\]]+\]|[^[]/g) ?? []) {
        const choices = part.startsWith('[') ? [...part.slice(1, -1)] : [part];
        variants = variants.flatMap((v) => choices.map((c) => v + c));
      }
      return variants;
    };
    const literal =
      parts.find((p) => /^[\p{L}'’[\]-]+$/u.test(p) && !expand(p).every((v) => COMMON.has(v.toLowerCase()))) ??
      parts[0] ??
      '';
    for (const v of expand(literal)) out.push(...(v.split(/['’]/)[0] === v ? [v] : [v, v.split(/['’]/)[0] ?? v]));
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
  {
    re: /\bcontact\s+(?:person|name)\s*(?:[:=–—-]|is\b)?\s*(?:me\s*[,:-]\s*)?/giu,
    mode: 'lenient',
    needs: ['contact'],
  },
  { re: new RegExp(`(?:^|\\n|[,;|.!?]\\s*)(?:${NAME_LABELS.join('|')})\\s*[:=–—-]\\s*`, 'giu'), mode: 'lenient' },
  { re: /\b(?:i'm|i’m|i\s+am|iam)\s+/giu, mode: 'strict', needs: ["i'm", 'i’m', 'am', 'iam'] },
  // Bare "im" is also German ("im Auftrag der ..."): only before a known given name or a capitalised full name.
  { re: /\bim\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/gu, mode: 'strict', needs: ['im'] },
  { re: /\b[Ii]m\s+(?=\p{Ll})/gu, mode: 'strict', knownFirst: true, needs: ['im'] },
  { re: /\bthis\s+is\s+/giu, mode: 'strict', needs: ['this'] },
  { re: /\b(?:call|address)\s+me\s+/giu, mode: 'strict', needs: ['me'] },
  {
    re: /\b(?:i\s+go\s+by|they\s+call\s+me|people\s+call\s+me|known\s+as|it'?s\s+spelled|spelled|spelt)\s+/giu,
    mode: 'strict',
  },
  { re: /\bmyself\s*[,:-]?\s+(?=\p{L})/giu, mode: 'strict', needs: ['myself'] },
  { re: /\bthis\s+side\s*[,:-]?\s*/giu, mode: 'strict', needs: ['side'] },
  // An article may follow ("soy la Javiera", "ich bin der Jonas", "eimai o Panagiotis").
  {
    needs: firstWords(MULTILINGUAL_LEAD_INS),
    re: new RegExp(
      `(?:^|[^\\p{L}])(?:${MULTILINGUAL_LEAD_INS.join('|')})\\s*[,:]?\\s+(?:(?:der|die|de|la|el|le|lo|o|a)\\s+|l['’])?`,
      'giu',
    ),
    mode: 'strict',
  },
  // Case matters here: Turkish "ben" and Hindi "main" only before a capitalised full name.
  { re: /(?:^|[^\p{L}])(?:ben|main|mai|ana|mimi\s+ni|smiti|esmi)\s+(?=\p{Lu}\p{Ll}+\s+\p{L})/gu, mode: 'strict' },
  { re: /\bmy\s+names\s+are\s+/giu, mode: 'lenient', needs: ['names'] },
  { re: /\b(?:full|real)\s+name\s+(?:is\s+)?(?=\p{L})/giu, mode: 'strict', needs: ['name'] },
  {
    re: /(?:^|[^\p{L}])(?:aqu[íi]|ici|hier\s+ist|here\s+is|qui|ni)\s+(?=\p{L})/giu,
    mode: 'strict',
    needs: ['aquí', 'aqui', 'ici', 'hier', 'here', 'qui', 'ni'],
  },
  { re: /(?:^|[.!?\n]\s*)(?:me|contact|contact\s+person|ime|nom|nombre|nome)\s*:\s*/giu, mode: 'strict' },
  { re: /\b(?:my|ma|mi)\s+name\s+(?:na|be|am|is)\s+/giu, mode: 'lenient', needs: ['name'] },
];

// "Sara Khan here", "Ivan from Acme here", "Rahul this side": at the start of a sentence or after a greeting.
const NAME_HERE = new RegExp(
  `(?:^|[.!?,;\\n]\\s*|\\b${GREETING_PATTERN}(?:\\s+(?:team|there|all|guys|everyone|nora))?[\\s,!.\\p{Extended_Pictographic}]*\\s)((?:(?!(?:from|at|with|of|de|da|di|von|van)\\s)[\\p{L}'’-]+\\s+){1,4})(?:(?:from|at|with|of|de|da|di|von|van)\\s+[^.!?\\n,]{1,60}?\\s+)?(?:here|speaking|this\\s+side|on\\s+this\\s+side|hier|aqu[íi]|ici|qui|vagyok|desu|h[äe]r|her|tady|itt|t[äa]{2}ll[äa])(?![\\p{L}\\p{N}])`,
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
];

// "Thanks, Jo" / "Best regards,\nKlaus Weber": a sign-off, then the name at the end or before a signature.
const SIGN_OFF = new RegExp(
  `(?:^|[\\n.!?,;]\\s*|\\s)${SIGN_OFF_PATTERN}\\s*[,!.:]*\\s*(?:[-–—]\\s*)?(?:\\n\\s*)?(?=\\p{L})`,
  'giu',
);
// "- Jo" or "— Klaus" closing a message.
const DASH_SIGNATURE =
  /(?:^|\s)[-–—~/]\s*(\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,2})\s*(?:,\s*[^,\n]{2,40})?[.!]?\s*$/u;
// The head of a message: "Ivan Petrov, Acme Ltd - ...", "Olena Kovalenko (olena@x.ua): ...", "Kwame | CTO | ...".
const OPENER_PLAIN = new RegExp(
  `((?:(?!(?:from|here|hier|speaking|iz|ot|od|aus|apo|dari)[ \\t])[\\p{L}'’.-]+[ \\t]+){0,4}[\\p{L}'’-]+)(?=[ \\t]*(?:,|\\||\\(|<|[-–—·][ \\t]|:[ \\t]|\\n|$)|[ \\t]+(?:from|here|hier|speaking|@|iz|ot|od|aus|apo|dari|de[ \\t]+la|de[ \\t]+l['’])(?![\\p{L}]))`,
  'iuy',
);
// After a name was given, a correction names the person again: "I mean John", "sorry, it's Jon".
const CORRECTION_WORD =
  "i\\s+mean|i\\s+meant|well|or\\s+rather|sorry|disculp[ae]|perdon[ae]|correction|actually|it's|it’s|it\\s+is|typo|oops|scusa|scusate|perd[óo]n|pardon|d[ée]sol[ée]e?|desculpa|entschuldigung|maaf|my\\s+name\\s+is|not\\s+\\p{L}+\\s*[,-]\\s*";
const CORRECTION = new RegExp(
  `(?:^|[^\\p{L}])(?:${CORRECTION_WORD})\\s*[,:]?\\s+(?:(?:${CORRECTION_WORD}|es|is|ist|c['’]est|é|è)\\s*[,:]?\\s+)*(?=\\p{L})`,
  'giu',
);
const FILLER_START = new RegExp(
  `^\\s*(?:(?:${GREETING_PATTERN}|sure|yes|yeah|yep|ok(?:ay)?|of\\s+course|certainly|oh|ah|hmm|it'?s|its|it\\s+is|i'?m|i\\s+am|im|name|my\\s+name(?:\\s+(?:is|na|be))?|me|this\\s+is|sorry|full\\s+name|scusa|perd[óo]n|pardon|desculpa|oops|y|and|e|et|und|es|c['’]est|ist|me\\s+llamo|mi\\s+nombre\\s+es|soy|je\\s+m['’]appelle|je\\s+suis|moi\\s+c['’]est|ich\\s+bin|ich\\s+hei(?:ß|ss)e|mi\\s+chiamo|sono|me\\s+chamo|eu\\s+sou|sou|ik\\s+ben|jag\\s+heter|jeg\\s+heter|jeg\\s+hedder|nazywam\\s+si[ęe]|jestem|les\\s+escribe|te\\s+escribe|ana|tôi\\s+là|toi\\s+la|claro|s[íi]|vale|dale|bueno|pues|oui|ja|sim|name['’]s|the\\s+name['’]s)[\\s,!.:-]+)+`,
  'iu',
);

const NOT_A_NAME = new RegExp(
  `^(?:${GREETING_PATTERN}|${SIGN_OFF_PATTERN}|szanowni\\s+pa[ńn]stwo|estimad[oa]s|exmos?\\.?\\s+senhores|madame|monsieur|dear\\s+\\p{L}+)$`,
  'iu',
);

function push(out: Candidate[], name: string | undefined, at: number, ctx: NameContext, weak = false, text = ''): void {
  if (
    !name ||
    NOT_A_NAME.test(name) ||
    ctx.excluded.has(name.toLowerCase()) ||
    ctx.excluded.has((name.split(' ')[0] ?? '').toLowerCase())
  )
    return;
  // Where the name really is (titles dropped, case changed): its first and last words found in the text.
  const words = name.toLowerCase().split(' ');
  const lower = text.toLowerCase();
  const start = text ? lower.indexOf(words[0] ?? '', at) : -1;
  const lastAt = start >= 0 ? lower.indexOf(words[words.length - 1] ?? '', start) : -1;
  const located = start >= 0 && lastAt >= 0 && lastAt - start < name.length + 40;
  out.push({
    value: name,
    start: located ? start : at,
    end: located ? lastAt + (words[words.length - 1] ?? '').length : at + name.length,
    ...(weak ? { weak } : {}),
  });
}

/** A name standing alone where a stranger phrase would be too risky: the first word a known given name. */
function readKnownName(words: string): string | undefined {
  const name = readName(words, 'strict');
  if (!name) return undefined;
  const [first] = name.split(' ');
  return first && isGivenName(first.toLowerCase()) ? name : undefined;
}

function findLeadIns(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const { re, mode, knownFirst, needs } of LEAD_INS) {
    if (needs && !hasAnyWord(masked, needs)) continue;
    for (const m of masked.matchAll(re)) {
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
      if (
        nameAt >= 0 &&
        /\b(?:company|business|shop|store|startup|firm|agency|brand)\b[^.!?\n]{0,40}$/i.test(
          masked.slice(Math.max(0, m.index - 45), m.index),
        )
      )
        continue;
      const name = readName(masked.slice(at, at + LOOKAHEAD), mode);
      if (knownFirst && !isGivenName((name?.split(' ')[0] ?? '').toLowerCase())) continue;
      push(out, name, at, ctx, false, masked);
    }
  }
  // "it's Maria": only when asked, or with a known given name.
  const itIs = hasAnyWord(masked, IT_IS_WORDS) ? masked.matchAll(/\b(?:it's|it’s|it\s+is|its)\s+(?=\p{L})/giu) : [];
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
    for (const m of masked.matchAll(NAME_HERE)) {
      const words = m[1] ?? '';
      const at = m.index + m[0].indexOf(words);
      const name = readName(words, 'strict');
      if (name && name.split(' ').length === words.trim().split(/\s+/).length) push(out, name, at, ctx, false, masked);
    }
}

// The first words of the sign-offs, for a quick check before the sign-off regex runs.
const SIGN_OFF_WORDS =
  `thanks thank thx tks ty ta cheers regards best sincerely yours respectfully br brgds rgds regds soon care
  merci cordialement salutations gracias saludos saludo atentamente cordiales obrigado obrigada abraços abracos
  atenciosamente grazie cordiali saluti distinti danke viele beste lg mfg vg groeten groet bedankt dank pozdrawiam
  dziękuję dziekuje powaniem poważaniem teşekkürler tesekkurler saygılarımla terima kasih salam wassalam shukran asante tack
  vänliga vanliga mvh hilsen ystävällisin terveisin спасибо уважением wishes muchas atte att cumprimentos melhores pozdravem
  srdečně srdecne üdvözlettel udvozlettel pozdrav lp presto groetjes hälsningar halsningar vh venlig liebe grüße grüsse grusse
  gruß gruss grüßen grüssen freundlichen besten ngā nga mihi kia ora`.split(/\s+/);

function findSignatures(masked: string, ctx: NameContext, out: Candidate[]): void {
  // A sign-off closes a message: look only at its end.
  const base = Math.max(0, masked.length - 300);
  const signOffs = hasAnyWord(masked, SIGN_OFF_WORDS) ? masked.slice(base).matchAll(SIGN_OFF) : [];
  for (const m of signOffs) {
    const at = base + m.index + m[0].length;
    const rest = masked.slice(at, at + LOOKAHEAD);
    const name = readName(rest, 'strict');
    if (!name) continue;
    // The name must close the message or open a signature ("Jo\nAcme", "Jo | CTO", "Jo (jo@x.com)").
    const after = rest.slice(
      rest.toLowerCase().indexOf((name.split(' ').pop() ?? '').toLowerCase()) + (name.split(' ').pop() ?? '').length,
    );
    if (/^\s*(?:$|\n|[,|(<]|[-–—]\s|[.!]\s*$)/.test(after)) push(out, name, at, ctx, true, masked);
  }
  const dash = DASH_SIGNATURE.exec(masked);
  if (dash?.[1] && dash[1].split(/\s+/).every(isCapitalised))
    push(out, readName(dash[1], 'strict'), dash.index + dash[0].indexOf(dash[1]), ctx, true, masked);
}

/**
 * A signature whose sign-off we do not know ("Com os melhores cumprimentos,\nAna Rita Carvalho\nDiretora
 * Comercial"): a line that is only a name, after a short closing line and before role, company or contact
 * lines.
 */
function findSignatureName(masked: string, ctx: NameContext, out: Candidate[]): void {
  const lines = masked.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (i === 0 || !trimmed || trimmed.split(/\s+/).length > 5) continue;
    const previous =
      lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim())
        ?.trim() ?? '';
    const next = lines
      .slice(i + 1)
      .find((l) => l.trim())
      ?.trim();
    const closing =
      previous.split(/\s+/).length <= 6 &&
      !/[?]$/.test(previous) &&
      (/,$/.test(previous) || !/[.!]$/.test(previous) || /^(?:thanks|thank you|cheers|regards)\b/i.test(previous));
    if (!closing || next === undefined) continue;
    const name = readName(trimmed, 'strict');
    const words = trimmed.replace(TITLES, '').split(/\s+/);
    if (
      !name ||
      name.split(' ').length !== words.length ||
      words.length < 2 ||
      !words.every((w) => isCapitalised(w) || NAME_PARTICLES.has(w.toLowerCase()))
    )
      continue;
    push(
      out,
      name,
      start + line.indexOf(trimmed) + (trimmed.length - trimmed.replace(TITLES, '').length),
      ctx,
      true,
      masked,
    );
  }
}

// Where a line or a sentence starts; a greeting or a short salutation may come first. Read position by
// position with sticky expressions: one scan of the whole text with the greetings in it cost ~15% of a message.
const SENTENCE_START =
  /(?:^|\n|(?<!\b(?:mr|mrs|ms|dr|st|prof|eng|engr|ing|mag|lic|dra|sr|sra|atty|md))[.!?][ \t]+)[ \t]*/giu;
const GREETING_AT = new RegExp(
  `(?:${GREETING_PATTERN})(?:[ \\t]+(?:there|all|team|everyone|guys|folks|nora))?[\\s,!.]+`,
  'iuy',
);
const SALUTATION_AT = /(\p{L}+(?:[ \t]+\p{L}+)?),[ \t]+/uy;

function plainAt(masked: string, at: number): RegExpExecArray | null {
  OPENER_PLAIN.lastIndex = at;
  return OPENER_PLAIN.exec(masked);
}

function findOpener(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const start of masked.matchAll(SENTENCE_START)) {
    const at = start.index + start[0].length;
    if (at >= masked.length) continue;
    GREETING_AT.lastIndex = at;
    const greeting = GREETING_AT.exec(masked);
    const afterGreeting = greeting ? plainAt(masked, at + greeting[0].length) : null;
    if (afterGreeting?.[1]) {
      pushOpener(masked, afterGreeting, afterGreeting[1], ctx, out);
      continue;
    }
    SALUTATION_AT.lastIndex = at;
    const salutationMatch = SALUTATION_AT.exec(masked);
    const afterSalutation = salutationMatch ? plainAt(masked, at + salutationMatch[0].length) : null;
    const salutation = salutationMatch?.[1];
    if (salutation && afterSalutation?.[1]) {
      // A greeting of our lists, or any short salutation before a comma ("Zdraveite, Georgi Ivanov ot ..."),
      // but not a name that opens a list ("Awa Ndiaye, Baobab Cosmetics - "): the line is read plainly first
      // ("Reem, Al Dana Clinics, 011 ..."), and only when that finds no name is its first word a salutation.
      const salutationWords = salutation.split(/\s+/);
      const nameLike = salutationWords.length > 1 && salutationWords.every(isCapitalised);
      const before = out.length;
      findOpenerAt(masked, at, ctx, out);
      if (
        out.length > before ||
        nameLike ||
        readKnownName(salutation) ||
        salutationWords.some((w) => isGivenName(w.toLowerCase()))
      )
        continue;
      pushOpener(masked, afterSalutation, afterSalutation[1], ctx, out, true);
      continue;
    }
    findOpenerAt(masked, at, ctx, out);
  }
}

/** The opener read again from a given position, without a salutation (the first words are the name). */
function findOpenerAt(masked: string, at: number, ctx: NameContext, out: Candidate[]): void {
  OPENER_PLAIN.lastIndex = at;
  const m = OPENER_PLAIN.exec(masked);
  if (m?.[1]) pushOpener(masked, m, m[1], ctx, out);
}

let detailsText = '';
let detailsHeld = false;

/** The message holds a masked email, a phone number or a legal form (computed once per message). */
function holdsDetails(masked: string): boolean {
  if (masked !== detailsText) {
    detailsText = masked;
    detailsHeld =
      /[^\S\n]{6,}|\d{3}[\s-]?\d{3}/.test(masked) ||
      (mayHoldLegalForm(wordsOf(masked), masked) && (masked.match(/[\p{L}.()/-]+/gu) ?? []).some(isLegalForm));
  }
  return detailsHeld;
}

function pushOpener(
  masked: string,
  m: RegExpMatchArray,
  group: string,
  ctx: NameContext,
  out: Candidate[],
  afterSalutation = false,
): void {
  const index = m.index ?? 0;
  const words = group.replace(TITLES, '').trim().split(/\s+/);
  const after = masked.slice(index + m[0].length);
  // A lone word needs a contact detail or a signature-like separator after it; two or more capitalised
  // words at the head of a line before a separator read as a name only when they look like one: a line
  // that is only capitalised words ("Kaffeerösterei Brandt") is as likely a company, so a name needs a
  // known given name first, a signature-like separator after it, or a message of contact details around
  // it ("Tamar Lomidze, Lomidze Legal, +995 ...").
  // A separator that opens a signature, the very end of a message ("... Following up. Dror Katz"), or a
  // role after a comma ("Koffi Kouassi, responsable IT chez ...").
  const roleAfter = /^\s*,\s*([\p{L}-]+(?:\s+[\p{L}-]+){0,2})/u.exec(after)?.[1];
  const signatureLike =
    /^\s*(?:\(|<|\||[-–—·]\s|from\b|here\b|hier\b|speaking\b|iz\b|ot\b|od\b|aus\b|apo\b|dari\b|fr[åa]n?\b|fra\b|nga\b|von\b|van\b|de\s+la\b|de\s+l['’])/iu.test(
      after,
    ) ||
    (index > 0 &&
      !afterSalutation &&
      /^[\s.!\p{Extended_Pictographic}]*$/u.test(after) &&
      words.length <= 3 &&
      !/['’]s$/u.test(group.split(/\s+/)[0] ?? '')) ||
    (roleAfter !== undefined && roleAfter.split(/\s+/).some((w) => isRoleWord(w.toLowerCase())));
  const known = isGivenName((words[0] ?? '').toLowerCase());
  const detailed = /,/.test(after.slice(0, 2)) && holdsDetails(masked);
  // "Itai, Negev Robotics" beside a phone number: a one-word name, then the organisation.
  const pairedWithCompany =
    detailed && !afterSalutation && /^\s*,\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}&'-]*)+/u.test(after);
  if (words.length === 1 && !signatureLike && !pairedWithCompany) return;
  if (words.length > 1 && !signatureLike && (afterSalutation || (!known && !detailed))) return;
  const capitalised = words.every((w) => isCapitalised(w) || NAME_PARTICLES.has(w.toLowerCase()));
  if (words.length > 1 && !known && !capitalised) return;
  // "Stepwise Footwear (Pvt) Ltd", "Massawe Hardware (T) Ltd": a company, not a name before a bracket.
  if (
    /^\s*(?:\(|\p{Lu})/u.test(after) &&
    endsWithLegalFormAhead(`${group} ${after.split('\n')[0]?.replace(/\(\p{L}{1,7}\.?\)/gu, '') ?? ''}`)
  )
    return;
  // A lone word closing a message ("... online orders. Sinead") is a signature even when not a known name.
  const closingWord = words.length === 1 && index > 0 && /^[\s.!\p{Extended_Pictographic}]*$/u.test(after);
  const name = readKnownName(group) ?? (words.length >= 2 || closingWord ? readName(group, 'strict') : undefined);
  if (!name) return;
  // "Carmen Delgado de Inmobiliaria Sol": the name, then where the visitor is from.
  const rest = words.slice(name.split(' ').length);
  if (
    rest.length > 0 &&
    (!name.includes(' ') || !/^(?:de|di|da|do|von|van|fra|från|iz|ot|od|from|with|at)$/i.test(rest[0] ?? ''))
  )
    return;
  push(out, name, index + m[0].indexOf(group), ctx, true, masked);
}

/** "Maria Lopez <maria@x.com>" / "Maria Lopez - maria@x.com" on a line of its own. */
function findBeforeEmail(masked: string, emailStarts: number[], ctx: NameContext, out: Candidate[]): void {
  for (const start of emailStarts) {
    const lineStart = masked.lastIndexOf('\n', start - 1) + 1;
    const line = masked.slice(Math.max(lineStart, masked.lastIndexOf(':', start - 1) + 1), start);
    const m = /^\s*(?:[\p{L}]+\s*[,:]\s*)?((?:[\p{L}'’-]+\s+){1,3}[\p{L}'’-]+)\s*[(<[,:–—-]?\s*$/u.exec(line);
    if (m?.[1]) push(out, readKnownName(m[1]), start - line.length + line.indexOf(m[1]), ctx, true, masked);
  }
}

const TRAILING_PARTICLES =
  /\s+(?:desu|lah|la|po|ji|here|hier|aqu[íi]|btw|actually|again|please|pls|thanks|thx|ya|yaa|na|hai|hoon|hun)\b[\s.!\p{Extended_Pictographic}]*$/iu;

/** The whole message (or its first clause) as the answer to "May I have your name?". */
function findBareAnswer(masked: string, ctx: NameContext, out: Candidate[], lenientWhole: boolean): void {
  const stripped = masked.replace(FILLER_START, '').replace(TITLES, '');
  const offset = masked.length - stripped.length;
  const clause = (stripped.split(/[,;:!?\n()|]|\s[-–—]\s|\.(?:\s|$)/)[0] ?? '').replace(TRAILING_PARTICLES, '');
  const words = clause.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4) return;
  const rest = stripped.slice(stripped.indexOf(clause) + clause.length).replace(TRAILING_PARTICLES, '');
  const whole = /^[\s.!\p{Extended_Pictographic}]*$/u.test(rest.replace(/^\s*(?:desu|lah|la|po|btw|actually)\b/i, ''));
  // The whole message may be in any case ("maria lopez"); a first clause must look like a name.
  if (isPlace(clause.trim())) return;
  const name = readName(clause, whole && lenientWhole ? 'lenient' : 'strict');
  if (name && name.split(' ').length === words.length)
    push(out, name, offset + stripped.indexOf(words[0] ?? ''), ctx, true, masked);
}

/** "Yanis Bühler actually", "Ong Boon Hock lah, email ...": the fuller form of the name already given. */
/** Case and accents aside, the same word ("Sebastian", "Sebastián"). */
export function sameWord(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

function findFullerName(masked: string, ctx: NameContext, out: Candidate[]): void {
  const knownFirst = ctx.knownName?.split(' ')[0];
  if (!knownFirst) return;
  const found: Candidate[] = [];
  findBareAnswer(masked, ctx, found, false);
  for (const c of found) if (sameWord(c.value.split(' ')[0] ?? '', knownFirst) && c.value.includes(' ')) out.push(c);
}

// "correction, my surname is Pavlović": the family name of the name already given.
const SURNAME =
  /\b(?:(?:my\s+)?(?:sur|last|family)\s*name|nachname|familienname|apellido|sobrenome|cognome|nom\s+de\s+famille|achternaam|efternamn(?:et)?|efternavn(?:et)?|etternavn(?:et)?|sukunimi|priimek|nazwisko|p[řr][íi]jmen[íi]|vezet[ée]kn[ée]v|soyad[ıi]m?|prezime|pavard[ėe])\s*(?:is|ist|es|é|est|è|je|er|är|on|to|:)?\s+(?:spelled\s+|actually\s+)?/giu;
// "Je suis le trésorier, Moustapha Ba": a role, then the name.
const ROLE_THEN_NAME =
  /\b(?:i'm|i’m|i\s+am|je\s+suis|soy|sono|ich\s+bin|sou)\s+(?:the|le|la|el|il|der|die|o|a|his|her|their|your|son|sa|su|sua|seine?|ihre?)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s*,\s*/giu;

const SURNAME_WORDS = [
  'etternavn',
  'etternavnet',
  'efternavn',
  'efternavnet',
  'efternamn',
  'efternamnet',
  'sukunimi',
  'priimek',
  'surname',
  'name',
  'lastname',
  'suis',
  'am',
  "i'm",
  'i’m',
  'soy',
  'sono',
  'bin',
  'sou',
  'nachname',
  'familienname',
  'apellido',
  'sobrenome',
  'cognome',
  'nom',
  'achternaam',
  'efternamn',
  'efternavn',
  'nazwisko',
  'příjmení',
  'prijmeni',
  'vezetéknév',
  'soyadı',
  'soyadim',
  'prezime',
  'pavardė',
];

/**
 * The full name given later in any words around it ("förresten: Linnea Sjöberg heter jag", "Dana Whitfield
 * btw", "Roxana Matei daca trebuie numele complet"): capitalised words starting with the first name given.
 */
function findFullerNameAnywhere(masked: string, ctx: NameContext, out: Candidate[]): void {
  const first = ctx.knownName?.split(' ')[0];
  if (!first) return;
  for (const m of masked.matchAll(
    /(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|(?:van|von|de|da|del|der|den|di|du|la|le|bin|al|el|ap|ó|mac|mc)\b)){1,4})/gu,
  )) {
    const words = m[1] ?? '';
    if (!sameWord(words.split(/\s+/)[0] ?? '', first)) continue;
    const name = readName(words, 'strict');
    if (name && name.includes(' ')) push(out, name, m.index + m[0].indexOf(words), ctx, true, masked);
  }
}

// "Rebecca Harris if you need the full thing", "numele complet", "vollständig": the visitor says it is the full name.
const FULL_NAME_SAID =
  /\b(?:full|complete|complet[oa]?|vollst[äa]ndig|entero|numele\s+complet|nom\s+complet|nome\s+completo|nombre\s+completo|celé\s+jméno|pe[łl]ne|short\s+for|stands\s+for|nickname|apodo|apelido|surnom|spitzname|real\s+name|eigentlich|en\s+realidad|en\s+fait|in\s+realt[àa]|na\s+verdade|faktisk|egentligen|itse\s+asiassa|properly)(?![\p{L}])/iu;

function findFullNameSaid(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const m of masked.matchAll(/(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})/gu)) {
    const words = m[1] ?? '';
    const name = readName(words, 'strict');
    // Said to be the full name: it replaces the one given before, whatever that was ("Memo", "JP").
    if (name && name.includes(' ') && name.split(' ').length === words.split(/\s+/).length)
      push(out, name, m.index + m[0].indexOf(words), ctx, false, masked);
  }
}

function findSurname(masked: string, ctx: NameContext, out: Candidate[]): void {
  const known = ctx.knownName?.split(' ');
  for (const m of masked.matchAll(ROLE_THEN_NAME)) {
    if (isRoleWord((m[1] ?? '').split(/\s+/).pop()?.toLowerCase() ?? '')) {
      const at = m.index + m[0].length;
      push(out, readName(masked.slice(at, at + LOOKAHEAD), 'strict'), at, ctx, false, masked);
    }
  }
  if (!known) return;
  for (const m of masked.matchAll(SURNAME)) {
    const at = m.index + m[0].length;
    const surname = readName(masked.slice(at, at + LOOKAHEAD), 'strict');
    // "Jason" then "surname is Tse": Jason Tse; "Tijana Pavlovic" then "surname is Pavlović": the last word changes.
    const given = known.length < 2 ? known : known.slice(0, -1);
    if (surname) push(out, `${given.join(' ')} ${surname}`, at, ctx, false, masked);
  }
}

const CORRECTION_WORDS = [
  'mean',
  'meant',
  'sorry',
  'correction',
  'actually',
  "it's",
  'it’s',
  'it',
  'typo',
  'oops',
  'scusa',
  'scusate',
  'perdón',
  'perdon',
  'pardon',
  'désolé',
  'désolée',
  'desole',
  'desculpa',
  'entschuldigung',
  'maaf',
  'name',
  'not',
];

function findCorrections(masked: string, ctx: NameContext, out: Candidate[]): void {
  if (!hasAnyWord(masked, CORRECTION_WORDS)) return;
  const firstAt = out.length > 0 ? Math.min(...out.map((c) => c.start)) : ctx.knownName ? -1 : Number.POSITIVE_INFINITY;
  for (const m of masked.matchAll(CORRECTION)) {
    const at = m.index + m[0].length;
    if (at <= firstAt) continue;
    const after = masked.slice(at, at + LOOKAHEAD);
    const name = readName(after, 'strict');
    // The correction must name a person and stop: "correction: Ssemco Engineering Ltd" corrects a company.
    const last = name?.split(' ').pop() ?? '';
    const tail = after.slice(after.toLowerCase().indexOf(last.toLowerCase()) + last.length);
    if (
      name &&
      /^\s*(?:$|[,.!;:)\n]|\p{Extended_Pictographic}|\s+(?:not|instead|with|from|btw|please|here|and|y|e|et)\b)/u.test(
        tail,
      )
    )
      push(out, name, at, ctx, false, masked);
  }
}

export function findNames(text: string, masked: string, emailStarts: number[], ctx: NameContext): Candidate[] {
  const out: Candidate[] = [];
  findLeadIns(masked, ctx, out);
  findSignatures(masked, ctx, out);
  findOpener(masked, ctx, out);
  if (masked.includes('\n')) findSignatureName(masked, ctx, out);
  if (emailStarts.length > 0) findBeforeEmail(masked, emailStarts, ctx, out);
  if (ctx.askedForName && !out.some((c) => !c.weak)) findBareAnswer(masked, ctx, out, true);
  else if (out.length === 0) findFullerName(masked, ctx, out);
  findCorrections(masked, ctx, out);
  if (hasAnyWord(masked, SURNAME_WORDS)) findSurname(masked, ctx, out);
  if (ctx.knownName && out.length === 0) findFullerNameAnywhere(masked, ctx, out);
  if (ctx.knownName && out.length === 0 && FULL_NAME_SAID.test(masked)) findFullNameSaid(masked, ctx, out);
  return out;
}
