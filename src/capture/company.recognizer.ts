/**
 * The organisation the visitor works for or represents: labelled ("Company - X", "Organisation: X"),
 * after roles and verbs ("CTO of Y", "Head of Ops at Y", "working for Y", "I run Y", "we are Y", "on
 * behalf of Y", "I'm with Y"), after the visitor's name ("Sara from Y", "Ivan with Y"), in a signature,
 * by a legal form of many countries ("Müller Bau GmbH", "PT Maju Jaya"), or as the bare answer when the
 * assistant has just asked for it. Places ("I'm from Dubai"), the business itself and roles are not
 * companies.
 */
import { isPlace } from './lexicons/places.js';
import { COMPANY_LABELS, COMPANY_PREPOSITIONS, ORGANISATION_NOUNS } from './lexicons/introductions.js';
import {
  endsWithLegalForm,
  isCompanyEnding,
  isLegalForm,
  isLegalFormPrefix,
  isStrongCompanyEnding,
  mayHoldLegalForm,
} from './lexicons/legal-forms.js';
import { endsWithDepartment, isDepartment, isRolePhrase, isRoleWord, ROLE_PATTERN } from './lexicons/job-titles.js';
import {
  GREETING_PATTERN,
  NAME_PARTICLES as NAME_PARTICLE_WORDS,
  NON_ANSWERS,
  NOT_NAME_WORDS,
  SENTENCE_WORDS,
  SIGN_OFF_PATTERN,
  TITLES,
} from './lexicons/words.js';
import { isGivenName, isPersonNameWord } from './lexicons/person-names.js';
import { mayBePhone } from './phone.recognizer.js';
import { hasAnyWord, isCapitalised, readTokens, wordsOf, type Candidate } from './text.js';

export interface CompanyContext {
  /** The assistant has just asked for the company: a bare answer is the company. */
  askedForCompany: boolean;
  /** The company was not asked for but is the detail the visitor most likely answers: only a capitalised name counts. */
  guessedAnswer: boolean;
  /** Names that are never the visitor's company: the business's own. Lower case. */
  excluded: Set<string>;
  /** Where the visitor's own name was read, so "Sara from Y" can be told from "a quote from Y". */
  nameEnds: number[];
}

/** How a company is read after its lead-in. */
type CompanyMode =
  /** Labelled or asked: upper or lower case, the whole clause. */
  | 'lenient'
  /** Capitalised words (or digits), legal forms in upper or lower case, "&", "of", "and" inside. */
  | 'strict'
  /** Like strict, and it must end with a legal form ("from Acme Ltd", not "from Lahore"). */
  | 'legal';

const LOOKAHEAD = 160;
const CONNECTORS = new Set([
  '&',
  'and',
  'of',
  'und',
  'y',
  'e',
  'et',
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
]);
// Words that end a company name read in any case: "acme and I need", "acme, we want".
const CLAUSE_BREAK = new Set([
  'and',
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

function readCompany(after: string, mode: CompanyMode): string | undefined {
  const text = after.replace(NEXT_LABEL, '').replace(/^(?:the|a|an)\s+(?=\p{Lu})/u, '');
  // "Mudanzas Batista Express, S.A.": the legal form comes after a comma.
  const strictRead = mode === 'legal' ? readCompanyWords(text, 'strict') : undefined;
  const commaForm =
    strictRead !== undefined && SPLIT_LEGAL_FORM.test(text.slice(text.indexOf(strictRead) + strictRead.length));
  const read = commaForm ? strictRead : readCompanyWords(text, mode);
  // "Bengkel Las Maju Jaya di Solo": the town is where it is, not part of its name.
  const company = read?.replace(
    /\s+(?:di|in|en|em|à|a|aus|at)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)$/u,
    (all, place: string) => (isPlace(place) ? '' : all),
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
    const glued = /^(.+?\.)['’-]\p{Ll}{1,5}$/u.exec(token.word);
    const word = glued?.[1] ?? token.word;
    const endsSentence = token.endsSentence || glued !== null;
    const lower = word.toLowerCase();
    const first = words.length === 0;
    const legal = isLegalForm(word) || (first && isLegalFormPrefix(word));
    // "(Pvt)", "(U)", "(T)": a country or form mark inside a company name.
    const mark = /^\(\p{L}{1,7}\.?\)$/u.test(word);
    const wordLike = /^[\p{L}\p{N}@][\p{L}\p{N}\p{M}'’&.+-]*$/u.test(word) || mark;
    // A capitalised article may open a name ("La Cave de Léon", "The Blue Door Café", "El Fogón de Nati").
    const article =
      first && isCapitalised(word) && /^(?:the|la|le|les|el|los|las|il|lo|de|der|die|das|het|o|a|os|as)$/.test(lower);
    if (first && (NOT_NAME_WORDS.has(lower) || !wordLike) && !legal && !article) break;
    if (mode === 'lenient') {
      if (!wordLike && word !== '&') break;
      if (!first && CLAUSE_BREAK.has(lower)) break;
    } else {
      const connector = !first && CONNECTORS.has(lower) && !endsSentence;
      const fits =
        connector ||
        legal ||
        (mark && !first) ||
        (wordLike && (isCapitalised(word) || /^\p{N}/u.test(word) || (!first && isCompanyEnding(word))));
      if (!fits) break;
      // A common word ends the name unless the capitalised run goes on ("Lotus Home Decor", not "Acme We need").
      const next = tokens[tokens.indexOf(token) + 1]?.word ?? '';
      if (
        !first &&
        !legal &&
        !connector &&
        NOT_NAME_WORDS.has(lower) &&
        !(isCapitalised(word) && word !== word.toUpperCase() && (isCapitalised(next) || isCompanyEnding(word)))
      )
        break;
      // A name goes on after a legal form only with another ("Co., Ltd", "Sdn Bhd", "GmbH & Co. KG").
      const previous = words[words.length - 1];
      const joinsForms = lower === 'de' && isLegalForm(tokens[tokens.indexOf(token) + 1]?.word ?? ''); // "S.A. de C.V."
      // "Hafiz & Co Renovation": "& Co" inside a name is part of it.
      const inside = words[words.length - 2] === '&';
      if (
        previous !== undefined &&
        isLegalForm(previous) &&
        !legal &&
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
  while (words.length > 0 && CONNECTORS.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
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

function opensBracket(text: string): boolean {
  return (text.match(/[([]/g)?.length ?? 0) >= (text.match(/[)\]]/g)?.length ?? 0);
}

function validCompany(company: string): boolean {
  if (company.length < 2 || company.length > 100 || !/\p{L}/u.test(company)) return false;
  // "Mr. Ahmed", "BS3 4HJ": a person with a title, a postcode.
  if (TITLES.test(`${company} `) || company.split(/\s+/).every((w) => /\d/.test(w))) return false;
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

const LABELS = COMPANY_LABELS.join('|');

const LABEL_WORDS = [
  'company',
  'business',
  'organisation',
  'organization',
  'org',
  'employer',
  'firm',
  'agency',
  'brand',
  'startup',
  'empresa',
  'compañía',
  'compania',
  'société',
  'societe',
  'entreprise',
  'firma',
  'firmă',
  'unternehmen',
  'azienda',
  'bedrijf',
  'organizacja',
  'şirket',
  'sirket',
  'şirkət',
  'perusahaan',
  'syarikat',
  'kampuni',
  'компания',
  'fyrirtæki',
  'fyrirtaeki',
  'ettevõte',
  'ettevote',
  'uzņēmums',
  'uznemums',
  'įmonė',
  'imone',
  'podjetje',
  'tvrtka',
  'spoločnosť',
  'spolocnost',
  'společnost',
  'spolecnost',
  'kompania',
  'companie',
  'kompaniya',
  'cég',
  'ceg',
  'yritys',
  'kompanya',
  'công',
  'cong',
];

const LEAD_INS: Array<{
  re: RegExp;
  mode: CompanyMode;
  notAfterSelf?: boolean;
  owned?: boolean;
  needs?: readonly string[];
}> = [
  {
    re: new RegExp(`(?:^|[^\\p{L}\\s]\\s*|\\b(?:and|&)\\s+|\\n\\s*)(?:${LABELS})\\s*(?:[:=–—-]|\\bis\\b)\\s*`, 'giu'),
    mode: 'lenient',
    needs: LABEL_WORDS,
  },
  {
    re: /\b(?:my|our|the)\s+(?:company|business|firm|organi[sz]ation|startup|agency|brand|employer|shop|store|label|practice|clinic|restaurant|caf[eé]|bakery|salon|studio)(?:'s|’s)?\s+(?:is\s+)?(?:name\s+is|is\s+called|called|named|name\s*[:=-])\s*/giu,
    mode: 'lenient',
    needs: ['my', 'our', 'the'],
  },
  {
    re: /\b(?:my|our|the)\s+(?:company|firm|organi[sz]ation|startup|agency|business|employer|label|brand|practice|shop|store)\s+(?:is|=)\s+/giu,
    mode: 'strict',
    needs: ['my', 'our', 'the'],
  },
  {
    re: /\b(?:company|business|startup|agency|firm|shop|store|brand|bakery|restaurant|caf[eé]|clinic|salon|studio|practice|boutique|gym|hotel|ngo|nonprofit|non-profit|charity|label|consultancy|school|academy|farm|brewery|winery|firm)\s+(?:called|named)\s+/giu,
    mode: 'lenient',
    needs: ['called', 'named'],
  },
  {
    re: /\b(?:i|we)\s+(?:currently\s+)?(?:work|am\s+working|'m\s+working|’m\s+working)\s+(?:at|for|with|in)\s+/giu,
    mode: 'strict',
    needs: ['work', 'working'],
  },
  {
    re: /\b(?:working|employed|work)\s+(?:at|for|with|by)\s+/giu,
    mode: 'strict',
    needs: ['working', 'employed', 'work'],
  },
  {
    re: /\b(?:estoy|estou|trabajo|trabalho)\s+(?:en|na|no|em|para|con)\s+/giu,
    mode: 'strict',
    needs: ['estoy', 'estou', 'trabajo', 'trabalho'],
  },
  {
    re: /(?:^|[^\p{L}])(?:correction|correcci[óo]n|corre[çc][ãa]o|korrektur|sorry|actually|perd[óo]n|desculpa|scusa|pardon)\s*[,:]?\s+(?:(?:offiziell|officially|oficialmente|ahora|now|actually|en\s+realidad)\s+)?(?:it'?s|it\s+is|es|é|c['’]est|ist|hei(?:ß|ss)t\s+es|se\s+llama|chiama|heet|the\s+company\s+is|company\s+is|la\s+empresa\s+es)\s+/giu,
    mode: 'strict',
    needs: [
      'correction',
      'corrección',
      'correccion',
      'correção',
      'correcao',
      'korrektur',
      'sorry',
      'actually',
      'perdón',
      'perdon',
      'desculpa',
      'scusa',
      'pardon',
    ],
  },
  {
    re: /\b(?:i'm|i’m|im|i\s+am|we're|we’re|we\s+are)\s+(?:with|at|from)\s+/giu,
    mode: 'strict',
    needs: ['with', 'at', 'from'],
  },
  { re: /\b[Ww]e(?:\s+are|'re|’re)\s+(?=\p{Lu})/gu, mode: 'strict', needs: ['we', "we're", 'we’re'] },
  {
    re: /\b(?:on\s+behalf\s+of|representing|i\s+represent|we\s+represent|reaching\s+out\s+from|writing\s+from|calling\s+from|contacting\s+you\s+from|im\s+auftrag\s+(?:der|des|von)|de\s+la\s+part\s+de(?:\s+la\s+soci[ée]t[ée]|\s+l['’]entreprise)?|en\s+nombre\s+de(?:\s+la\s+empresa)?|em\s+nome\s+d[aoe]|namens|per\s+conto\s+d[i']|w\s+imieniu(?:\s+firmy)?|adına)\s+(?:(?:the|la|le|el|a|o|der|die|das)\s+|l['’])?(?:(?:association|asociaci[óo]n|associa[çc][ãa]o|organisation|organization|organizaci[óo]n|soci[ée]t[ée]|entreprise|empresa|company|firm|firma|ngo|foundation|fondation|fundaci[óo]n|club|cooperative|coop[ée]rative)\s+)?/giu,
    mode: 'strict',
    needs: [
      'behalf',
      'representing',
      'represent',
      'reaching',
      'writing',
      'calling',
      'contacting',
      'auftrag',
      'part',
      'nombre',
      'nome',
      'namens',
      'conto',
      'imieniu',
      'adına',
    ],
  },
  {
    re: /\b(?:wir\s+sind|nous\s+sommes|somos|siamo|we\s+zijn|jeste[śs]my|vi\s+er|vi\s+är|olemme|kami\s+(?:adalah|dari))\s+/giu,
    mode: 'strict',
    needs: ['sind', 'sommes', 'somos', 'siamo', 'zijn', 'jesteśmy', 'jestesmy', 'er', 'är', 'olemme', 'kami'],
  },
  {
    re: /\b(?:firmy|empresa|soci[ée]t[ée]|kampuni\s+(?:inaitwa|ni)|entreprise|azienda|firma)\s+(?=[^\s\p{Ll}])/gu,
    mode: 'strict',
    needs: ['firmy', 'empresa', 'société', 'societe', 'kampuni', 'entreprise', 'azienda', 'firma'],
  },
  {
    re: /\b(?:[Ii]|[Ww]e)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|lead|head)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: ['run', 'own', 'manage', 'founded', 'cofounded', 'co', 'started', 'launched', 'operate', 'lead', 'head'],
  },
  {
    re: /\b(?:i|we)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|have)\s+(?:a|an|the|my|our)\s+(?:[\p{L}-]+\s+){0,3}?(?:called|named)\s+/giu,
    mode: 'lenient',
    needs: ['called', 'named'],
  },
  {
    re: /\b(?:team|department|dept|office)\s+(?:at|of)\s+/giu,
    mode: 'strict',
    needs: ['team', 'department', 'dept', 'office'],
  },
  {
    re: /\b(?:owner|co-?owner|founder|co-?founder|pemilik|dueñ[oa]|dono|dona|propri[ée]taire|inhaber(?:in)?|CEO|CTO|COO|CFO|MD|ceo|cto|coo|cfo)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      'owner',
      'co',
      'founder',
      'cofounder',
      'pemilik',
      'dueño',
      'dueña',
      'dono',
      'dona',
      'propriétaire',
      'proprietaire',
      'inhaber',
      'inhaberin',
    ],
  },
  {
    re: /\b(?:trabajo\s+(?:en|para)|de\s+la\s+empresa|la\s+empresa|je\s+travaille\s+(?:chez|pour)|de\s+la\s+soci[ée]t[ée]|ich\s+arbeite\s+(?:bei|f[üu]r)|von\s+der\s+firma|bei\s+der\s+firma|lavoro\s+(?:per|presso|da)|dell'azienda|trabalho\s+(?:na|no|em|para)|da\s+empresa|ik\s+werk\s+(?:bij|voor)|pracuj[ęe]\s+(?:w|dla)|z\s+firmy|bekerja\s+di|kerja\s+di|dari\s+perusahaan|travaille\s+chez|chez)\s+/giu,
    mode: 'strict',
    needs: [
      'trabajo',
      'empresa',
      'travaille',
      'société',
      'societe',
      'arbeite',
      'firma',
      'lavoro',
      "dell'azienda",
      'trabalho',
      'werk',
      'pracuję',
      'pracuje',
      'firmy',
      'bekerja',
      'kerja',
      'dari',
      'chez',
    ],
  },
  { re: /\b(?:dari|from)\s+(?=(?:PT|CV)\s)/gu, mode: 'strict', needs: ['dari', 'from'] },
  {
    re: /\b(?:agency|company|business|firm|shop|store|bakery|restaurant|startup|studio|cabinet|clinic|practice|label|brand|ngo|association|empresa|soci[ée]t[ée]|entreprise|firma)\s*\(\s*/giu,
    mode: 'strict',
    needs: [
      'agency',
      'company',
      'business',
      'firm',
      'shop',
      'store',
      'bakery',
      'restaurant',
      'startup',
      'studio',
      'cabinet',
      'clinic',
      'practice',
      'label',
      'brand',
      'ngo',
      'association',
      'empresa',
      'société',
      'societe',
      'entreprise',
      'firma',
    ],
  },
  {
    re: /\b(?:business|company|shop|store|bakery|restaurant|caf[eé]|studio|brand|agency|firm|startup|label|clinic|practice|hotel|resort|farm|salon|boutique|bakeshop|workshop|negocio|tienda|taller|colmado(?:-bar)?|hotelito|restaurante|panader[íi]a|ferreter[íi]a|cl[íi]nica|consultorio|loja|empresa|emprendimiento|marca|boulangerie|entreprise|soci[ée]t[ée]|laden|firma|agence|agencia|sal[óo]n|p[âa]tisserie|quincaillerie|magasin|atelier|maquis|riad|hoster[íi]a|provision\s+store|pharmacie|farmacia)(?:\s+[\p{L}'’-]+){0,5}?\s*(?:[,:–—]|\s-)\s*(?:(?:el|la|the|o|a|le)\s+)?(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      'business',
      'company',
      'shop',
      'store',
      'bakery',
      'restaurant',
      'café',
      'cafe',
      'studio',
      'brand',
      'agency',
      'firm',
      'startup',
      'label',
      'clinic',
      'practice',
      'hotel',
      'resort',
      'farm',
      'salon',
      'boutique',
      'bakeshop',
      'workshop',
    ],
    owned: true,
  },
  {
    re: /\b(?:nama(?:nya)?|nama\s+(?:usaha|toko|perusahaan|brand)(?:nya)?|namanya)\s+/giu,
    mode: 'strict',
    needs: ['nama', 'namanya', 'namanya'],
  },
  {
    re: /\b(?:registrad[oa]\s+como|registered\s+as|oficialmente|officially|enregistr[ée]e?\s+(?:comme|sous))\s+/giu,
    mode: 'strict',
    needs: ['registrado', 'registrada', 'registered', 'oficialmente', 'officially', 'enregistré', 'enregistrée'],
  },
  { re: /\bc[ôo]ng\s+ty(?:\s+(?:tnhh|c[ổo]\s+ph[ầa]n|cp))?\s+/giu, mode: 'strict', needs: ['công', 'cong'] },
  {
    re: /\b(?:t[öo][öo]tan\s+ettev[õo]ttes|ettev[õo]ttes|str[āa]d[āa]ju\s+uz[ņn][ēe]mum[āa]|mam\s+firmu|m[áa]m\s+firmu|pracuju\s+v|pracujem\s+v|pracuju\s+[ŭu]|predstavljaju|predstavlyayu|predstavljam|v\s+kompanii|u\s+kampanii|ashxatum\s+em|[şs]irk[əe]tind[əe]|dolgozom\s+a|lavoro\s+per|trabajo\s+para)\s+/giu,
    mode: 'strict',
    needs: [
      'töötan',
      'tootan',
      'ettevõttes',
      'ettevottes',
      'strādāju',
      'stradaju',
      'mam',
      'mám',
      'pracuju',
      'pracujem',
      'predstavljaju',
      'predstavlyayu',
      'predstavljam',
      'kompanii',
      'kampanii',
      'ashxatum',
      'şirkətində',
      'sirketinde',
      'dolgozom',
      'lavoro',
      'trabajo',
    ],
  },
  {
    re: /\b(?:under\s+the\s+name|sous\s+le\s+nom(?:\s+de)?|bajo\s+el\s+nombre(?:\s+de)?|je\s+repr[ée]sente|repr[ée]sentant|ke\s+dira\s+kwa|shughli\s+fi|ashtaghil\s+(?:b|fi)|sharekty|sharikati)\s+(?:(?:la|le|el|the)\s+|l['’])?/giu,
    mode: 'strict',
    needs: [
      'under',
      'sous',
      'bajo',
      'représente',
      'represente',
      'représentant',
      'representant',
      'dira',
      'shughli',
      'ashtaghil',
      'sharekty',
      'sharikati',
    ],
  },
  {
    re: /\b(?:ons\s+is|ons\s+heet|ana\s+fi\s+sherket|men\s+sherket|min\s+sharikat|fi\s+sherket|sherket|sharikat|au\s+nom\s+de)\s+/giu,
    mode: 'strict',
    needs: ['ons', 'sherket', 'sharikat', 'nom'],
  },
  {
    re: /\b(?:caf[eé]|shop|store|business|brand|restaurant|bakery|salon|studio|agency|firm|clinic|label|practice|startup|company|organi[sz]ation|employer)(?:\s+name)?\s+(?:is|'s|’s|=)\s+/giu,
    mode: 'strict',
    needs: [
      'café',
      'cafe',
      'shop',
      'store',
      'business',
      'brand',
      'restaurant',
      'bakery',
      'salon',
      'studio',
      'agency',
      'firm',
      'clinic',
      'label',
      'practice',
      'startup',
      'company',
      'organisation',
      'organization',
      'employer',
    ],
  },
  {
    re: /\b(?:guesthouse|paladar|cl[íi]nica|consultorio|negocio|tienda|taller|colmado|restaurante|ristorante|loja|empresa|oficina|hotel|hostal|panader[íi]a|ferreter[íi]a|farmacia|escuela|academia|estudio|boutique|salon|salão|sal[óo]n|shop|store|bakery|clinic|practice|caf[eé]|restaurant)\s+(?:is|es|é|est|è|ist|se\s+llama|se\s+chama|=|:)\s+/giu,
    mode: 'strict',
    needs: [
      'guesthouse',
      'paladar',
      'clínica',
      'clinica',
      'consultorio',
      'negocio',
      'tienda',
      'taller',
      'colmado',
      'restaurante',
      'ristorante',
      'loja',
      'empresa',
      'oficina',
      'hotel',
      'hostal',
      'panadería',
      'panaderia',
      'ferretería',
      'ferreteria',
      'farmacia',
      'escuela',
      'academia',
      'estudio',
      'boutique',
      'salon',
      'salão',
      'salón',
      'shop',
      'store',
      'bakery',
      'clinic',
      'practice',
      'café',
      'cafe',
      'restaurant',
    ],
  },
  {
    re: /\b(?:represento\s+a(?:\s+la|\s+el)?|en\s+representaci[óo]n\s+de(?:\s+la|\s+el)?|represento|represent)\s+/giu,
    mode: 'strict',
    needs: ['represento', 'representación', 'representacion', 'represent'],
  },
  {
    re: /\b(?:shop|brand|store|business|company|trading|salon|studio|restaurant|caf[eé]|label|page|practice|homestay|guesthouse|hotel|resort|clinic|farm|channel|firm|agency|bakery)\s+name\s*(?:is\s+|[:=-]\s*)?/giu,
    mode: 'strict',
    needs: ['name'],
  },
  {
    re: /\b(?:company|business|shop|store|truck|brand|studio|salon|café|cafe|restaurant|bakery|firm|agency)['’]s\s+(?:called\s+|named\s+|name\s+is\s+)?(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      "company's",
      'company’s',
      "business's",
      "shop's",
      "store's",
      "truck's",
      'truck’s',
      "brand's",
      "studio's",
      "salon's",
      "café's",
      "cafe's",
      "restaurant's",
      "bakery's",
      "firm's",
      "agency's",
    ],
  },
  {
    re: /\b(?:we(?:'re|’re|\s+are)\s+an?|(?:i|we)\s+(?:run|own|have|manage|opened|started)\s+an?|my|our)\s+(?:[\p{L}&-]+\s+){0,4}?(?:called|named)\s+/giu,
    mode: 'strict',
    needs: ['called', 'named'],
  },
  { re: /\b(?:er|ka|ki|ke|ro)\s+naam\s+(?:hai\s+|he\s+)?/giu, mode: 'strict', needs: ['naam'] },
  { re: /\b[Cc]ompany\s+(?=\p{Lu})/gu, mode: 'strict', needs: ['company'] },
  {
    re: /\b(?:la\s+empresa|mi\s+empresa|nuestra\s+empresa|el\s+negocio|mi\s+negocio|a\s+empresa|minha\s+empresa|nossa\s+empresa|l['’]entreprise|ma\s+soci[ée]t[ée]|notre\s+soci[ée]t[ée]|la\s+societ[àa]|la\s+mia\s+azienda|l['’]azienda|die\s+firma|meine\s+firma|unsere\s+firma|het\s+bedrijf|mijn\s+bedrijf|ons\s+bedrijf|firma|moja\s+firma|företaget|firmaet|yritys|c[ée]g|[şs]irketim)\s+(?:es|é|est|è|ist|is|to|je|er|är|on|se\s+llama|si\s+chiama|hei(?:ß|ss)t|heet|hedder|heter|nazywa\s+si[ęe]|:)\s+/giu,
    mode: 'strict',
    needs: [
      'empresa',
      'negocio',
      'entreprise',
      'société',
      'societe',
      'società',
      'societa',
      'azienda',
      "l'azienda",
      'firma',
      'bedrijf',
      'företaget',
      'firmaet',
      'yritys',
      'cég',
      'şirketim',
    ],
  },
  {
    re: /\b(?:my|our|mi|mis|nuestr[oa]|minha|meu|nossa|nosso|notre|mon|ma|unser|unsere|mein|meine)\s+(?:[\p{L}-]+\s+){0,2}?(?:biz|business|shop|store|company|brand|bakery|restaurant|caf[eé]|salon|studio|boutique|agency|firm|startup|negocio|tienda|empresa|loja|neg[óo]cio|entreprise|boutique|laden|firma|geschäft|winkel|bedrijf)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      'my',
      'our',
      'mi',
      'mis',
      'nuestro',
      'nuestra',
      'minha',
      'meu',
      'nossa',
      'nosso',
      'notre',
      'mon',
      'ma',
      'unser',
      'unsere',
      'mein',
      'meine',
    ],
  },
  {
    re: /\b(?:my|our)\s+(?:own\s+)?(?:[\p{L}-]+\s+){0,2}?(?:business|company|shop|store|brand|startup|agency|firm|label|bakery|restaurant|caf[eé]|salon|studio|boutique)\s*[,:]\s*(?=\p{Lu})/gu,
    mode: 'strict',
    needs: ['my', 'our'],
  },
  {
    re: /\b(?:company|business|shop|store|startup|firm|agency|brand)\b[^.!?\n]{0,40}?\bname\s*(?:is|:|=)\s*/giu,
    mode: 'strict',
    needs: ['name'],
  },
  {
    re: /\b(?:called|named|que\s+se\s+llama|se\s+llama|llamad[oa]|chamad[oa]|qui\s+s['’]appelle|nomm[ée]e?|namens|hei(?:ß|ss)t|genannt|si\s+chiama|chiamat[oa]|inaitwa|bernama|adında|jmenuje\s+se|se\s+jmenuje|se\s+zove|se\s+cheam[ăa]|heter|hedder|nazywa\s+si[ęe]|som\s+heter|heet)\s+/giu,
    mode: 'strict',
    needs: [
      'called',
      'named',
      'llama',
      'llamado',
      'llamada',
      'chamado',
      'chamada',
      'appelle',
      'nommé',
      'nommée',
      'namens',
      'heißt',
      'heisst',
      'genannt',
      'chiama',
      'chiamato',
      'chiamata',
      'inaitwa',
      'bernama',
      'adında',
      'jmenuje',
      'heter',
      'hedder',
      'nazywa',
    ],
    notAfterSelf: true,
  },
  // Weak words ("Services", "Digital") are everywhere in requests: a bare "from X" needs a legal form.
  { re: /\b(?:from|at|with)\s+/giu, mode: 'legal' },
];

const BUSINESS_NOUN =
  /(?:\p{L}+(?:er[íi]a|erie|erei|eria|aria)\b|\b(?:estudio|spot|atelier|workshop|werkstatt|taller|oficina|kanzlei|praxis)|\b(?:company|business|firm|agency|startup|shop|store|bakery|restaurant|caf[eé]|cafeteria|cafetería|salon|studio|clinic|practice|brand|label|boutique|gym|hotel|farm|brewery|cervecer[íi]a|pasteler[íi]a|panader[íi]a|empresa|negocio|emprendimiento|tienda|loja|soci[ée]t[ée]|entreprise|firma|laden|unternehmen|azienda|negozio|bedrijf|winkel|sklep|[şs]irket|toko|usaha|kampuni|duka|ngo|charity|consultancy|practice)\b)[^.!?\n]{0,30}$/iu;

const OWNERSHIP =
  /\b(?:my|our|mine|we|i|mi|mis|nuestr[oa]s?|tengo|tenemos|tenho|temos|minha|meu|nossa|nosso|notre|mon|ma|j['’]ai|nous\s+avons|ho|abbiamo|il\s+mio|la\s+mia|habe|haben|unser[e]?|mein[e]?|heb|hebben|mijn|ons|mam|mamy|moja|mój|har|min|mitt|minun|van\s+egy|sahibi|benim|run|own|have|has|started|opened|founded|manage)\b/iu;

// After the visitor's name: "Sara from Brightlabs", "Ivan with Acme", "Jo @ Acme", "Ana, CTO at Acme".
const AFTER_NAME = new RegExp(
  `^[ \\t]*(?:[,(][ \\t]*)?(?:(?:here|hier|speaking|aqu[íi]|ici)[ \\t]*,?[ \\t]*)?(?:(?:the[ \\t]+|a[ \\t]+|an[ \\t]+)?(${ROLE_PATTERN})[ \\t]*|(?:[\\p{L}-]+[ \\t]+){0,2}(?=@))?(${COMPANY_PREPOSITIONS.join('|')})[ \\t]+(?:(?:the|tin|tis|la|le|el|a|o|der|die)[ \\t]+|l['’])?(?:(?:${ORGANISATION_NOUNS.join('|')})[ \\t]+)?`,
  'iu',
);
// "Name, Company - question" / "Name | Role | Company" / "Name (email), Company".
const SEPARATED = /^\s*(?:[,|·]\s*|\([^)]*\)\s*[,|–—-]?\s*|[-–—]\s+)/u;

function findAfterNames(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  for (const end of ctx.nameEnds) {
    const rest = masked.slice(end, end + LOOKAHEAD);
    const m = AFTER_NAME.exec(rest);
    // "Ana, Head of Sales": after a role, "of" names a department unless the role heads the organisation.
    if (m?.[1] && /^(?:of|de|da|do|della|del)$/i.test(m[2] ?? '') && !HEADS_ORGANISATION.test(m[1])) continue;
    if (m) {
      const at = end + m[0].length;
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
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
      if (isRolePhrase(trimmed)) {
        at += segment.length;
        const next = /^\s*(?:[,|]|\s[-–—]\s|\s+(?:at|@|with|of)\s+)\s*/u.exec(masked.slice(at));
        if (!next) break;
        at += next[0].length;
        continue;
      }
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
      if (company && company.length >= trimmed.length - 2)
        out.push({ value: company, start: at, end: at + company.length, weak: true });
      break;
    }
  }
}

/** A line that holds only contact details: "T +43 512 58 34 21", "M: 016-338 2904", an address. */
function isContactLine(line: string): boolean {
  return (
    /\d{3,}|@|https?:|www\./i.test(line) && (line.replace(/[^\d]/g, '').length >= 6 || /@|https?:|www\./i.test(line))
  );
}

/** The lines after the visitor's name in a signature: skip roles and contact lines, take the organisation. */
function findSignatureLines(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  for (const end of ctx.nameEnds) {
    const lineEnd = masked.indexOf('\n', end);
    if (lineEnd < 0 || masked.slice(end, lineEnd).trim()) continue; // the name must end its line
    let offset = lineEnd + 1;
    for (const line of masked.slice(offset).split('\n').slice(0, 4)) {
      const trimmed = line.trim();
      const lineStart = offset + line.indexOf(trimmed);
      offset += line.length + 1;
      if (!trimmed || isContactLine(trimmed)) continue;
      const role = new RegExp(
        `^(?:${ROLE_PATTERN}|[\\p{L}][\\p{L} .&-]{0,40}?)\\s*(?:,|\\||[-–—·]|\\sat\\s|@|\\swith\\s)\\s*`,
        'iu',
      ).exec(trimmed);
      const roleText = role?.[0].replace(/[\s,|–—·@-]+$|\s(?:at|with)\s*$/giu, '') ?? '';
      const skip = role && isRolePhrase(roleText) ? role[0].length : 0;
      if (!skip && isRolePhrase(trimmed)) continue;
      // "Manager, Overseas Sales": a department after the role; the organisation is on a later line.
      if (skip && endsWithDepartment(trimmed.slice(skip))) continue;
      const at = lineStart + skip;
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
      if (company && company.length >= trimmed.length - skip - 3) {
        out.push({ value: company, start: at, end: at + company.length, weak: true });
        break;
      }
    }
  }
}

/** A segment of its own that ends with a legal form ("+43 699 1827 3645 – Leitner-Wolf Steuerberatung KG"). */
function findLegalFormSegments(masked: string, out: Candidate[]): void {
  const segment =
    /(?:^|[\n,;|·:]|\s[-–—]\s)\s*((?:[^\n,;|·:]|,(?=\s*(?:ltd|inc|llc|lda|ltda|s\.?\s?a\b|s\.?\s?de\s+r|srl|sas|csp|gmbh|sarl)\b)){2,80}?)\s*(?=$|[\n;|·:]|,(?!\s*(?:ltd|inc|llc|lda|ltda|s\.?\s?a\b|s\.?\s?de\s+r|srl|sas|csp|gmbh|sarl)\b)|\s[-–—]\s)/giu;
  for (const m of masked.matchAll(segment)) {
    // The segment may hold several sentences ("directeur de Teranga Digital SARL. On cherche ..."): its first.
    const raw = (m[1] ?? '').split(/\.\s+(?=\p{Lu}\p{Ll}+\s)/u)[0] ?? '';
    // "Managing Director of Siam Green Energy Co., Ltd.": the organisation is after the role.
    let text = raw;
    for (let strip = 0; strip < 2; strip++) {
      const role = /^(.{2,50}?)\s(?:of|at|@|with|bei|chez|de|da|do|en|na|w|ng)\s+/iu.exec(text);
      if (!role?.[1] || !(isRolePhrase(role[1]) || isDepartment(role[1]))) break;
      text = text.slice(role[0].length);
    }
    // "Royal Mandalay Inn Co., Ltd. contact minthu@...": the name ends at its last legal form.
    const lastForm = [...text.matchAll(/[\p{L}.()/-]+/gu)]
      .filter((w) => isLegalForm(w[0]) || isLegalForm(w[0].replace(/\.$/, '')))
      .pop();
    const after = lastForm ? text.slice(lastForm.index + lastForm[0].length) : '';
    // Only when what follows is no more of the name ("... Co., Ltd. contact minthu"), not "& Co Renovation".
    const cut =
      lastForm && !endsWithLegalForm(text.replace(/[.,]+$/, '')) && !/^\s+\p{Lu}/u.test(after)
        ? text.slice(0, lastForm.index + lastForm[0].length)
        : text;
    if (cut !== text && endsWithLegalForm(cut.replace(/[.,]+$/, ''))) {
      const at = m.index + m[0].indexOf(raw);
      const company = readCompany(cut, 'legal');
      if (company && company.length >= cut.trim().length - 2)
        out.push({ value: company, start: at, end: at + company.length, weak: true });
      continue;
    }
    if (!endsWithLegalForm(text.replace(/[.,]+$/, '')) || /\d{3,}/.test(text)) continue;
    const at = m.index + m[0].indexOf(text);
    const company = readCompany(text, 'legal');
    if (company && company.length >= text.trim().length - 2)
      out.push({ value: company, start: at, end: at + company.length, weak: true });
  }
}

// Roles that head an organisation: "CEO of Acme", "fundador de X" (not "Head of Ops", "Jefa de Marketing").
const HEADS_ORGANISATION =
  /(?:^|\s)(?:ceo|cto|cfo|coo|cmo|cio|founder|co-?founder|owner|co-?owner|president|chairman|chairwoman|partner|proprietor|md|gm|fondateur|fondatrice|g[ée]rante?|fundador[a]?|dueñ[oa]|dono|dona|socio|sócio|s[óo]ci[oa]\s+fundador[a]?|propri[ée]taire|inhaber|gründer|eigenaar|oprichter|zaakvoerder|właściciel|prezes|managing\s+director|director\s+general|directeur\s+g[ée]n[ée]ral|titolare|proprietari[oa]|fondat(?:ore|rice)|ägare|eier|indehaver|omistaja|tulajdonos|majitel|jednatel)$/i;

// A role and a preposition before the company, in many languages: "Shopleiter bei X", "gérant de la société X".
const ROLE_PREPOSITION =
  /\s(?:at|@|with|for|of|bei|chez|de|del|della|da|do|na|no|en|presso|w|dla|för|hos|på|ved|bij|voor|van|dari|di|u|pri|v|à|ng|sa)\s+(?:(?:la|el|le|the|a|an)\s+|l['’])?(?:(?:soci[ée]t[ée]|empresa|firma|company|entreprise|azienda)\s+)?/giu;

function findRolePrepositions(masked: string, out: Candidate[]): void {
  // Most messages name no role at all.
  if (![...wordsOf(masked)].some(isRoleWord)) return;
  for (const m of masked.matchAll(ROLE_PREPOSITION)) {
    const before = masked.slice(Math.max(0, m.index - 60), m.index);
    const clause = before.split(/[,;:!?\n()|]|\s[-–—]\s|\.\s/).pop() ?? '';
    const words = clause.trim().split(/\s+/).filter(Boolean);
    // The words right before the preposition must be a role: "Managing Director", "responsable marketing".
    let role = false;
    for (let n = 1; n <= Math.min(4, words.length) && !role; n++) role = isRolePhrase(words.slice(-n).join(' '));
    // "we need a partner for a React project": an indefinite role is what the visitor looks for.
    if (!role || words.slice(-3, -1).some((w) => /^(?:a|an|un|una|uma|um|une|ein|eine|een)$/i.test(w))) continue;
    // "Head of Ops", "Director of Sales": after these "of" names a department; "CEO of Acme" names the company.
    const department =
      /^\s(?:of|de|del|della|da|do|des|du)\s/i.test(m[0]) && !HEADS_ORGANISATION.test(words[words.length - 1] ?? '');
    const at = m.index + m[0].length;
    const rest = masked.slice(at, at + LOOKAHEAD);
    const company = readCompany(rest, 'strict');
    // "directeur de Teranga Digital SARL": a legal form says it is the organisation after all.
    if (!company || (department && !endsWithLegalForm(company.replace(/[.,]+$/, '')))) continue;
    // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
    if (
      /^\s(?:of|de|del|della|da|do)\s/i.test(m[0]) &&
      new RegExp(`^${escape(company)}\\s+(?:at|@|with|bei|chez|en|na|no|de|da|w|in)\\s`, 'i').test(rest)
    )
      continue;
    out.push({ value: company, start: at, end: at + company.length });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ANSWER_FILLERS =
  /^(?:(?:sure|yes|yeah|ok(?:ay)?|of\s+course|it'?s|its|it\s+is|we'?re|we\s+are|i'?m\s+with|i\s+am\s+with|i\s+work\s+(?:at|for|with)|i\s+run|i\s+own|the\s+company\s+is|company\s+is|my\s+company\s+is|our\s+company\s+is|called|company|at|with|from|for|es|c['’]est|é|è|ist|sí|si|oui|ja|sim|claro|the\s+business\s+is|trabajo\s+(?:en|para)|trabalho\s+(?:na|no|em)|je\s+travaille\s+(?:chez|pour)|ich\s+arbeite\s+(?:bei|f[üu]r)|lavoro\s+(?:per|presso|da)|(?:el|la|o|a|le|il|der|die|das|het|the)\s+(?:restaurante|restaurant|tienda|empresa|negocio|loja|cafeter[íi]a|caf[eé]|shop|store|bakery|salon|company|business|firma|ristorante|pizzeria|negozio|azienda|boulangerie|soci[ée]t[ée]))[\s,:-]+)+/iu;

/** The whole message as the answer to "Which company or organisation are you with?". */
const NEGATION =
  /\b(?:no|not|none|nothing|kein\w*|nicht|inget|ingen|ikke|ei|pas|aucun\w*|ningun\w*|nenhum\w*|nessun\w*|geen|brak|yok|hakuna|sin|sem|senza|bez|nej|nee|nope|nada|rien|niente|privat|private|personal|perso|freelanc\w*|frilans\w*|self-?employed|myself|just\s+me)\b/i;

function findBareAnswer(masked: string, out: Candidate[], strict: boolean): void {
  const stripped = masked
    .trim()
    .replace(ANSWER_FILLERS, '')
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
  for (const clause of whole ? [line, first] : read && !strict ? [read, first] : [first]) {
    const company = readBareCompany(clause, strict);
    if (company) {
      const at = masked.indexOf(company);
      out.push({ value: company, start: at, end: at + company.length, weak: true });
      return;
    }
  }
}

// Greetings, sign-offs and salutations stand alone on a line as often as a company does.
const SALUTATION = new RegExp(
  `^(?:${GREETING_PATTERN}|${SIGN_OFF_PATTERN}|dear\\b.*|hi\\s+\\p{L}+|hello\\s+\\p{L}+|estimad[oa]s?|exmos?\\.?\\s+senhores|madame|monsieur|messieurs|szanowni\\s+pa[ńn]stwo|beste|vh|mvh|cam\\s+on|c[ảa]m\\s+[ơo]n|arigato|xie\\s+xie|sorry\\b.*)(?:[\\s,!.]+\\p{L}+)?$`,
  'iu',
);

function readBareCompany(raw: string, strict: boolean): string | undefined {
  const clause = raw
    .replace(ANSWER_FILLERS, '')
    .replace(/^[([]\s*/, '')
    .replace(/\s*[)\]]$/, (close) => (/[([]/.test(raw) ? close : ''))
    .replace(/\s+(?:lor|lah|leh|ah|po|ji|la|desu|na|pala|nga)\s*[.!]*$/iu, '')
    .trim();
  if (!clause || NON_ANSWERS.test(clause) || clause.split(/\s+/).length > 8) return undefined;
  if (SALUTATION.test(clause) || (strict && TITLES.test(`${clause} `))) return undefined;
  // "Ah y el restaurante ...", "un negocio familiar", "Wait, ...": a sentence, not a name.
  if (
    /^(?:ah|oh|eh|wait|claro|bueno|pues|well|so|and|y|e|et|und|ok|okay|also|but|pero|mas|un|una|uno|a|an|el|la|le|il|lo|o|der|die|das|een|ein|eine|tamam|t[şs]k|scusi|scusa|achso|ach|sí|si|oui|ja|nee|nein|non|tengo|tenemos|tenho|temos|j['’]ai|ho|habe|haben|petite?|small|little)\b/iu.test(
      clause,
    )
  )
    return undefined;
  const words = clause.split(/\s+/);
  if (NEGATION.test(clause) || isPlace(clause) || isRolePhrase(clause) || isDepartment(clause)) return undefined;
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
  // Only a guess: one plain word, or two to four words that read as a person's name, are not enough.
  const business = joined || words.some((w) => isCompanyEnding(w) || isLegalForm(w)) || /\p{Ll}\p{Lu}/u.test(clause);
  if (
    strict &&
    !business &&
    (words.length === 1 ||
      (words.length <= 4 &&
        (isGivenName((words[0] ?? '').toLowerCase()) ||
          isPersonNameWord((words[words.length - 1] ?? '').toLowerCase()))))
  )
    return undefined;
  if (
    strict &&
    !joined &&
    isGivenName((words[0] ?? '').toLowerCase()) &&
    words.length <= 3 &&
    !words.some(isCompanyEnding)
  )
    return undefined;
  if (
    words.length >= 2 &&
    words.length <= 4 &&
    words.every((w) => isPersonNameWord(w.toLowerCase()) || NAME_PARTICLE_WORDS.has(w.toLowerCase()))
  )
    return undefined;
  return validCompany(clause) ? clause : undefined;
}

/**
 * A list of details ("Abena Ofori-Atta, abena@cediwise.com — CediWise", "saito@hikari-design.jp, Hikari
 * Design"): a capitalised item that is not the name, a place or a role is the company.
 */
function findListItems(masked: string, text: string, out: Candidate[]): void {
  // Only a message that holds an email (masked to blanks) or a phone number is a list of details.
  if (!/[@\d]/.test(text) || !/[^\S\n]{6,}|\d[\d\s().-]{5,}\d/.test(masked) || !/[,|·–—]|\.\s/.test(masked)) return;
  const items: Array<{ value: string; at: number }> = [];
  // A phone number is an item of its own even without a separator ("077 845 2296 Perera & Sons Furniture").
  const listed = masked.replace(/\+?\d[\d\s().-]{6,}\d/g, (digits, at: number) =>
    mayBePhone(masked, at, at + digits.length) ? `,${' '.repeat(digits.length - 2)},` : digits,
  );
  for (const m of listed.matchAll(
    /(?:^|[,|·\n:/]|(?<!\b(?:sdn|co|pte|ltd|c[íi]a|nig|san|tic|inc|corp|st|dr|mr|mrs|ms|tel|mob|\p{L}))\.\s|\s[-–—]\s)\s*([^,|·\n:/]*?)\s*(?=$|[,|·\n:/]|(?<!\b(?:sdn|co|pte|ltd|c[íi]a|nig|san|tic|inc|corp|st|dr|mr|mrs|ms|tel|mob|\p{L}))\.\s|\s[-–—]\s)/giu,
  )) {
    items.push({ value: m[1] ?? '', at: m.index + m[0].indexOf(m[1] ?? '') });
  }
  // An email (masked to blanks) or a phone number is a detail item; the company stands next to one.
  const isDetail = (i: number) => {
    const value = items[i]?.value;
    return value !== undefined && (value.trim() === '' || (value.match(/\d/g)?.length ?? 0) >= 7);
  };
  items.forEach((item, i) => {
    if (listed[item.at + item.value.length] === ':' || /^\s*:/.test(listed.slice(item.at + item.value.length))) return; // a label
    const value = item.value
      .trim()
      .replace(/^[–—-]+\s*/, '')
      .replace(/[.!]+$/, '');
    if (!value || /[\d:]/.test(value) || !(isDetail(i - 1) || isDetail(i + 1))) return;
    // A short acronym alone beside a number is a currency or an id label ("FCFA", "NIP"); one other word
    // is as likely a name or a greeting ("Tharindu", "Ayubowan"), unless it looks made up ("CediWise").
    if (/^\p{Lu}{1,5}\.?$/u.test(value) || /\s{3,}/.test(value)) return;
    if (!value.includes(' ') && !/\p{Ll}\p{Lu}/u.test(value) && !isCompanyEnding(value)) return;
    const company = readBareCompany(value, true);
    const at = item.at + item.value.indexOf(value);
    if (company) out.push({ value: company, start: at, end: at + company.length, weak: true });
  });
}

/**
 * "we're a marketing agency in Denver (Summit Signal Marketing)", "Wir sind ein kleiner Fahrradladen
 * (Radhaus Förde)": a capitalised name in brackets, where the visitor has just spoken of their business.
 */
function findBracketedNames(masked: string, out: Candidate[]): void {
  for (const m of masked.matchAll(/\(([^()@\d]{2,60})\)/gu)) {
    const inside = (m[1] ?? '').trim();
    const before = masked.slice(Math.max(0, m.index - 90), m.index);
    if (!OWNERSHIP.test(before) && !BUSINESS_NOUN.test(before)) continue;
    const company = readBareCompany(inside, true);
    if (company) {
      const at = m.index + m[0].indexOf(inside);
      out.push({ value: company, start: at, end: at + company.length, weak: true });
    }
  }
}

// Words without which an all-lower-case message can give no company (only labels and "called" read one).
const LOWER_CASE_TRIGGERS = [
  ...LABEL_WORDS,
  'called',
  'named',
  'llama',
  'chama',
  'appelle',
  'chiama',
  'heißt',
  'heisst',
  'heet',
  'heter',
  'hedder',
  'nazywa',
  'jmenuje',
  'naam',
  'nama',
  'namanya',
];

export function findCompanies(masked: string, ctx: CompanyContext, text = masked): Candidate[] {
  const out: Candidate[] = [];
  // Most readings need a capital letter: a lower-case message without a label or "called" has no company.
  if (!ctx.askedForCompany && !/\p{Lu}/u.test(masked) && !hasAnyWord(masked, LOWER_CASE_TRIGGERS)) return out;
  const legalForm =
    (mayHoldLegalForm(wordsOf(masked), masked) &&
      (masked.match(/[\p{L}.()'-]+/gu) ?? []).some(isStrongCompanyEnding)) ||
    /\b(?:PT|CV)\s/.test(masked);
  for (const { re, mode, notAfterSelf, owned, needs } of LEAD_INS) {
    if (mode === 'legal' ? !legalForm : needs !== undefined && !hasAnyWord(masked, needs)) continue;
    for (const m of masked.matchAll(re)) {
      const at = m.index + m[0].length;
      // "we run a bakery called X" names the visitor's business; "I'm called Maria" a person, "the app is
      // called Tilly" a product, "we use an agency called BlueOrbit" someone else.
      const before = masked.slice(Math.max(0, m.index - 60), m.index);
      const namedInOwnWords =
        /(?:se\s+llama|se\s+chama|si\s+chiama|s['’]appelle|nazywa\s+si[ęe]|se\s+cheam[ăa]|se\s+jmenuje|se\s+zove|heet|hei(?:ß|ss)t|heter|hedder)\s+$/i.test(
          m[0],
        );
      if (notAfterSelf && !(BUSINESS_NOUN.test(before) && (OWNERSHIP.test(before) || namedInOwnWords))) continue;
      if (owned && !OWNERSHIP.test(masked.slice(Math.max(0, m.index - 45), m.index))) continue;
      const rest = masked.slice(at, at + LOOKAHEAD);
      const company = readCompany(rest, mode);
      if (!company) continue;
      // "I'm from Birkirkara", "I'm from BGC": one word after "I'm from" is a place as often as a company.
      if (
        /\bfrom\s+$/i.test(m[0]) &&
        !company.includes(' ') &&
        !isCompanyEnding(company) &&
        !/\p{Ll}\p{Lu}/u.test(company)
      )
        continue;
      // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
      if (
        /\bof\s*$/i.test(m[0]) &&
        new RegExp(`^${company.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:at|@|with)\\s`, 'i').test(rest)
      )
        continue;
      out.push({ value: company, start: at, end: at + company.length });
    }
  }
  findRolePrepositions(masked, out);
  findAfterNames(masked, ctx, out);
  findSignatureLines(masked, ctx, out);
  if (legalForm) findLegalFormSegments(masked, out);
  findListItems(masked, text, out);
  if (masked.includes('(')) findBracketedNames(masked, out);
  if (ctx.askedForCompany && out.length === 0) findBareAnswer(masked, out, ctx.guessedAnswer);
  return out.filter((c) => !ctx.excluded.has(c.value.toLowerCase()));
}
