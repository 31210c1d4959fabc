/**
 * The organisation the visitor works for or represents: labelled ("Company - X", "Organisation: X"),
 * after roles and verbs ("CTO of Y", "Head of Ops at Y", "working for Y", "I run Y", "we are Y", "on
 * behalf of Y", "I'm with Y"), after the visitor's name ("Sara from Y", "Ivan with Y"), in a signature,
 * by a legal form of many countries ("Müller Bau GmbH", "PT Maju Jaya"), or as the bare answer when the
 * assistant has just asked for it. Places ("I'm from Dubai"), the business itself and roles are not
 * companies.
 */
import { isPlace } from './lexicons/places.js';
import { endsWithLegalForm, isCompanyEnding, isLegalForm, isLegalFormPrefix } from './lexicons/legal-forms.js';
import { isRolePhrase, ROLE_PATTERN } from './lexicons/job-titles.js';
import { NON_ANSWERS, NOT_NAME_WORDS, SIGN_OFF_PATTERN } from './lexicons/words.js';
import { isCapitalised, readTokens, type Candidate } from './text.js';

export interface CompanyContext {
  /** The assistant has just asked for the company: a bare answer is the company. */
  askedForCompany: boolean;
  /** Names that are never the visitor's company: the business's own. Lower case. */
  excluded: Set<string>;
  /** Where the visitor's own name was read, so "Sara from Y" can be told from "a quote from Y". */
  nameEnds: number[];
}

/** How a company is read after its lead-in. */
type CompanyMode =
  /** Labelled or asked: any case, the whole clause. */
  | 'lenient'
  /** Capitalised words (or digits), legal forms in any case, "&", "of", "and" inside. */
  | 'strict'
  /** Like strict, and it must end with a legal form ("from Acme Ltd", not "from Lahore"). */
  | 'legal';

const LOOKAHEAD = 160;
const CONNECTORS = new Set(['&', 'and', 'of', 'und', 'y', 'e', 'et', 'de', 'del', 'der', 'van', 'for', 'the', '+', 'n']);
// Words that end a company name read in any case: "acme and I need", "acme, we want".
const CLAUSE_BREAK = new Set(['and', 'but', 'we', 'i', 'im', "i'm", 'our', 'my', 'looking', 'need', 'want', 'would', 'please', 'in', 'based', 'located', 'as', 'since', 'where', 'who', 'which', 'that', 'so', 'because', 'here', 'there', 'to', 'for', 'from', 'at', 'with', 'is', 'are', 'was', 'were', 'will', 'can', 'could', 'hai', 'ka', 'ki', 'se', 'mein']);

function readCompany(after: string, mode: CompanyMode): string | undefined {
  const text = after.replace(/^(?:the|a|an)\s+(?=\p{Lu})/u, '');
  const tokens = readTokens(text, 8);
  const words: string[] = [];
  let lastLegal = -1;
  for (const { word, endsSentence } of tokens) {
    const lower = word.toLowerCase();
    const first = words.length === 0;
    const legal = isLegalForm(lower) || (first && isLegalFormPrefix(word));
    const wordLike = /^[\p{L}\p{N}@][\p{L}\p{N}\p{M}'’&.+-]*$/u.test(word) || (legal && word.startsWith('('));
    if (first && (NOT_NAME_WORDS.has(lower) || !wordLike) && !legal) break;
    if (mode === 'lenient') {
      if (!wordLike && word !== '&') break;
      if (!first && CLAUSE_BREAK.has(lower)) break;
    } else {
      const connector = !first && CONNECTORS.has(lower) && !endsSentence;
      const fits = connector || legal || (wordLike && (isCapitalised(word) || /^\p{N}/u.test(word) || (!first && isCompanyEnding(lower))));
      if (!fits) break;
      if (!first && !legal && !connector && NOT_NAME_WORDS.has(lower)) break;
    }
    words.push(word);
    if (legal && !first) lastLegal = words.length - 1;
    if (endsSentence) break;
  }
  // Connectors cannot end a company name.
  while (words.length > 0 && CONNECTORS.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
  if (mode === 'legal') {
    if (lastLegal < 0) return undefined;
    words.length = lastLegal + 1;
  }
  if (words.length > 1 && /^(?:company|firm|business)$/i.test(words[words.length - 1] ?? '')) words.pop();
  const company = words.join(' ').replace(/[.,]+$/, (dots) => (endsWithLegalForm(words.join(' ')) && dots === '.' ? '.' : ''));
  return validCompany(company) ? company.replace(/[,]+$/, '') : undefined;
}

function validCompany(company: string): boolean {
  if (company.length < 2 || company.length > 100 || !/\p{L}/u.test(company)) return false;
  if (isPlace(company) || isRolePhrase(company)) return false;
  return !NOT_NAME_WORDS.has(company.toLowerCase());
}

const LABELS =
  'company|company\\s+name|business|business\\s+name|organi[sz]ation|organi[sz]ation\\s+name|org|employer|firm|agency|brand|startup|' +
  'empresa|compa[ñn][íi]a|soci[ée]t[ée]|entreprise|firma|unternehmen|azienda|bedrijf|organizacja|[şs]irket|perusahaan|syarikat|kampuni|компания';

const LEAD_INS: Array<{ re: RegExp; mode: CompanyMode }> = [
  { re: new RegExp(`(?:^|[^\\p{L}\\s]\\s*|\\b(?:and|&)\\s+|\\n\\s*)(?:${LABELS})\\s*(?:[:=–—-]|\\bis\\b)\\s*`, 'giu'), mode: 'lenient' },
  {
    re: /\b(?:my|our)\s+(?:company|business|firm|organi[sz]ation|startup|agency|brand|employer|shop|store)(?:'s|’s)?\s+(?:is\s+)?(?:name\s+is|is\s+called|called|named|name\s*[:=-])\s*/giu,
    mode: 'lenient',
  },
  { re: /\b(?:my|our|the)\s+(?:company|firm|organi[sz]ation|startup|agency|business|employer)\s+(?:is|=)\s+/giu, mode: 'strict' },
  {
    re: /\b(?:company|business|startup|agency|firm|shop|store|brand|bakery|restaurant|caf[eé]|clinic|salon|studio|practice|boutique|gym|hotel|ngo|nonprofit|non-profit|charity|label|consultancy|school|academy|farm|brewery|winery|firm)\s+(?:called|named)\s+/giu,
    mode: 'lenient',
  },
  { re: /\b(?:i|we)\s+(?:currently\s+)?(?:work|am\s+working|'m\s+working|’m\s+working)\s+(?:at|for|with|in)\s+/giu, mode: 'strict' },
  { re: /\b(?:working|employed|work)\s+(?:at|for|with|by)\s+/giu, mode: 'strict' },
  { re: /\b(?:i'm|i’m|im|i\s+am|we're|we’re|we\s+are)\s+(?:with|at|from)\s+/giu, mode: 'strict' },
  { re: /\b[Ww]e(?:\s+are|'re|’re)\s+(?=\p{Lu})/gu, mode: 'strict' },
  { re: /\b(?:on\s+behalf\s+of|representing|i\s+represent|we\s+represent|reaching\s+out\s+from|writing\s+from|calling\s+from|contacting\s+you\s+from)\s+/giu, mode: 'strict' },
  { re: /\b(?:[Ii]|[Ww]e)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|lead|head)\s+(?=\p{Lu})/gu, mode: 'strict' },
  {
    re: /\b(?:i|we)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|have)\s+(?:a|an|the|my|our)\s+(?:[\p{L}-]+\s+){0,3}?(?:called|named)\s+/giu,
    mode: 'lenient',
  },
  { re: new RegExp(`\\b${ROLE_PATTERN}\\s+(?:at|@|with|for|in)\\s+`, 'giu'), mode: 'strict' },
  { re: /\b(?:founder|co-?founder|owner|co-?owner|ceo|cto|cfo|coo|cmo|cio|president|director|md|managing\s+director|vp|partner|chairman|principal|proprietor)\s+(?:of|@)\s+/giu, mode: 'strict' },
  { re: /\b(?:team|department|dept|office)\s+(?:at|of)\s+/giu, mode: 'strict' },
  {
    re: /\b(?:trabajo\s+(?:en|para)|de\s+la\s+empresa|la\s+empresa|je\s+travaille\s+(?:chez|pour)|de\s+la\s+soci[ée]t[ée]|ich\s+arbeite\s+(?:bei|f[üu]r)|von\s+der\s+firma|bei\s+der\s+firma|lavoro\s+(?:per|presso|da)|dell'azienda|trabalho\s+(?:na|no|em|para)|da\s+empresa|ik\s+werk\s+(?:bij|voor)|pracuj[ęe]\s+(?:w|dla)|z\s+firmy|bekerja\s+di|kerja\s+di|dari\s+perusahaan|travaille\s+chez|chez)\s+/giu,
    mode: 'strict',
  },
  { re: /\b(?:dari|from)\s+(?=(?:PT|CV)\s)/gu, mode: 'strict' },
  // Weak words ("Services", "Digital") are everywhere in requests: a bare "from X" needs a legal form.
  { re: /\b(?:from|at|with)\s+/giu, mode: 'legal' },
];

// After the visitor's name: "Sara from Brightlabs", "Ivan with Acme", "Jo @ Acme", "Ana, CTO at Acme".
const AFTER_NAME = new RegExp(`^\\s*(?:[,(]\\s*)?(?:(?:the\\s+|a\\s+|an\\s+)?${ROLE_PATTERN}\\s*)?(?:from|at|with|of|@|de|da|do|von|chez|dari|z|ze|iz)\\s+`, 'iu');
// "Name, Company - question" / "Name | Role | Company" / "Name (email), Company".
const SEPARATED = /^\s*(?:[,|]\s*|\([^)]*\)\s*[,|]?\s*|[-–—]\s+)/u;

function findAfterNames(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  for (const end of ctx.nameEnds) {
    const rest = masked.slice(end, end + LOOKAHEAD);
    const m = AFTER_NAME.exec(rest);
    if (m) {
      const at = end + m[0].length;
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
      if (company) out.push({ value: company, start: at, end: at + company.length });
      continue;
    }
    const sep = SEPARATED.exec(rest);
    if (!sep) continue;
    // The parts after the name: skip a role, take the first part that is an organisation.
    let at = end + sep[0].length;
    for (let part = 0; part < 3; part++) {
      const segment = /^[^,|\n]*?(?=\s*(?:[,|\n]|\s[-–—]\s|[:?!]|\.\s|$))/u.exec(masked.slice(at, at + LOOKAHEAD))?.[0] ?? '';
      if (!segment.trim()) break;
      const trimmed = segment.trim();
      if (isRolePhrase(trimmed)) {
        at += segment.length;
        const next = /^\s*(?:[,|]|\s[-–—]\s|\s+(?:at|@|with|of)\s+)\s*/u.exec(masked.slice(at));
        if (!next) break;
        at += next[0].length;
        continue;
      }
      const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
      if (company && company.length >= trimmed.length - 2) out.push({ value: company, start: at, end: at + company.length, weak: true });
      break;
    }
  }
}

// Signature lines after a sign-off and the name: "Klaus Weber\nHead of Sales\nWeber Logistik GmbH".
const SIGN_OFF_LINE = new RegExp(`^\\s*${SIGN_OFF_PATTERN}\\s*[,!.]*\\s*$`, 'iu');

function findSignatureLines(masked: string, ctx: CompanyContext, out: Candidate[]): void {
  const lines = masked.split('\n');
  const signOff = lines.findIndex((line) => SIGN_OFF_LINE.test(line));
  if (signOff < 0) return;
  let offset = lines.slice(0, signOff + 2).reduce((n, line) => n + line.length + 1, 0);
  for (const line of lines.slice(signOff + 2, signOff + 6)) {
    const trimmed = line.trim();
    const lineStart = offset + line.indexOf(trimmed);
    offset += line.length + 1;
    if (!trimmed || isRolePhrase(trimmed) || /\d{4,}|@|https?:|www\./i.test(trimmed)) continue;
    const role = new RegExp(`^${ROLE_PATTERN}\\s*(?:,|\\||[-–—]|at|@|with)\\s*`, 'iu').exec(trimmed);
    const at = lineStart + (role ? role[0].length : 0);
    const company = readCompany(masked.slice(at, at + LOOKAHEAD), 'strict');
    if (company && company.length >= trimmed.length - (role?.[0].length ?? 0) - 2) {
      out.push({ value: company, start: at, end: at + company.length, weak: true });
      return;
    }
  }
  void ctx;
}

const ANSWER_FILLERS =
  /^(?:(?:sure|yes|yeah|ok(?:ay)?|of\s+course|it'?s|its|it\s+is|we'?re|we\s+are|i'?m\s+with|i\s+am\s+with|i\s+work\s+(?:at|for|with)|i\s+run|i\s+own|the\s+company\s+is|company\s+is|my\s+company\s+is|our\s+company\s+is|called|company|at|with|from|for)[\s,:-]+)+/iu;

/** The whole message as the answer to "Which company or organisation are you with?". */
function findBareAnswer(masked: string, out: Candidate[]): void {
  const stripped = masked.trim().replace(ANSWER_FILLERS, '');
  const clause = (stripped.split(/[\n;!?]|[,.](?:\s|$)|\s[-–—]\s/)[0] ?? '').trim();
  if (!clause || NON_ANSWERS.test(clause) || clause.split(/\s+/).length > 6) return;
  const company = readCompany(clause, 'lenient');
  if (company) {
    const at = masked.indexOf(clause);
    out.push({ value: company, start: at, end: at + company.length, weak: true });
  }
}

export function findCompanies(masked: string, ctx: CompanyContext): Candidate[] {
  const out: Candidate[] = [];
  for (const { re, mode } of LEAD_INS) {
    for (const m of masked.matchAll(re)) {
      const at = m.index + m[0].length;
      const rest = masked.slice(at, at + LOOKAHEAD);
      const company = readCompany(rest, mode);
      if (!company) continue;
      // "Head of Ops at Acme": the "of" reads the department; the "at" that follows names the company.
      if (/\bof\s*$/i.test(m[0]) && new RegExp(`^${company.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:at|@|with)\\s`, 'i').test(rest)) continue;
      out.push({ value: company, start: at, end: at + company.length });
    }
  }
  findAfterNames(masked, ctx, out);
  findSignatureLines(masked, ctx, out);
  if (ctx.askedForCompany && out.length === 0) findBareAnswer(masked, out);
  return out.filter((c) => !ctx.excluded.has(c.value.toLowerCase()));
}
