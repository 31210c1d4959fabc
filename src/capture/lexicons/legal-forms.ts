/**
 * Legal forms of companies in many countries, and the weaker words that often end a company name.
 * A name ending in a legal form ("Müller Bau GmbH", "PT Maju Jaya", "Sdn Bhd") is a company wherever it
 * is written. Compared lower-cased with dots removed ("S.A." -> "sa").
 */
const LEGAL_FORMS_TEXT = `
  ltd limited llc llp lp plc inc incorporated corp corporation co pllc pc
  gmbh ag kg ohg gbr ug ev mbh se kgaa og e.u.
  sa sas sasu sarl eurl sca snc sci
  sl slu sau sll scp
  srl spa sapa snc scarl
  bv nv vof cv bvba bvba. comm.v
  sc s.c. teo teoranta mbb plt
  ab hb kb oy oyj as asa aps ab publ ehf hf
  lda sgps ltda eireli mei
  sp zoo spzoo sa sk sp.k. sp.j. sp.p.
  sro as vos spol r.o.
  kft zrt nyrt bt
  doo dd ad ood eood
  ооо oao ooo zao pao ojsc jsc pjsc cjsc too ip chp
  pty pvt private
  bhd sdn berhad
  pt tbk cv
  kk gk yk
  jsc llc fze fzc fzco fzllc wll spc
  sae ike oe ee epe
  ltd. cic cio
  ek e.k. sàrl sarlau sagl a/s i/s k/s ivs
  şti sti aş as. pte est wll
  ltda. eirl sac saa sacs srl. sas.
  ohg plc. nig oo o.o. spółka
  me mei epp tnhh jsc rl csp sac sapi
  shpk ry jdoo j.d.o.o sal s.a.l mb asbl vzw scea osoo oü
  `;

const WEAK_ENDINGS_TEXT = `
  solutions technologies technology tech studio studios group labs lab systems consulting consultants
  agency enterprises enterprise partners industries holdings software services media digital ventures
  traders trading associates logistics pharma pharmaceuticals textiles motors international global foods
  networks analytics marketing designs interactive works apps ai bank insurance hotels hotel resorts clinic
  hospital foundation institute academy school bakery cafe café restaurant construction builders realty
  properties estates capital investments finance financial energy electric engineering automotive
  logistik bau technik gruppe consult
  center centre shop store rentals rental farm farms bar salon spa boutique studio transport transports
  supplies imports exports trade traders garage motors electronics furniture textile textil clinic clinica company
  `;

const words = (text: string): Set<string> =>
  new Set(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/\./g, '')),
  );

const LEGAL_FORMS = words(LEGAL_FORMS_TEXT);
const WEAK_ENDINGS = words(WEAK_ENDINGS_TEXT);

/** Multi-word legal forms, matched on the lower-cased, dot-free end of a name. */
const MULTI_WORD = [
  'sp z o o',
  'sp zoo',
  's de rl',
  'sa de cv',
  's de rl de cv',
  'pty ltd',
  'pvt ltd',
  'private limited',
  'sdn bhd',
  'co ltd',
  'co, ltd',
  'ltd şti',
  'ltd sti',
  'fz llc',
  'fz-llc',
  'pte ltd',
];

const MARKS = /[.()-]/;
const ALL_MARKS = /[.()-]/g;

function bare(word: string): string {
  const lower = word.toLowerCase();
  return MARKS.test(lower) ? lower.replace(ALL_MARKS, '') : lower;
}

// Legal forms that are also everyday words or syllables ("as", "co", "sa"): only as written by a company,
// with a capital or a dot ("AS", "Co.", "S.A."), never in lower case.
const AMBIGUOUS = words(
  'as ab ag sa co oy bv nv se kg pt cv ek sl ad dd ip kk spa sas est pc lp hf bt as. ee oe ike gk yk e.k. me sal mb og sc teo mbb plt mei sti r.o.',
);

/** "GmbH", "S.A.", "(Pvt)", "Ltd." */
export function isLegalForm(word: string): boolean {
  const b = bare(word);
  if (!LEGAL_FORMS.has(b)) return false;
  // Austria's "e.U." only with its dots ("EU" is the Union).
  if (b === 'eu') return /^e\.u\.?$/iu.test(word);
  if (!AMBIGUOUS.has(b)) return true;
  // Written as a company writes it: "AS", "S.A.", "SpA", "Co", "Oy"; not "Me" or "As" opening a sentence.
  return (
    word === word.toUpperCase() || word.includes('.') || /\p{Lu}.*\p{Lu}/u.test(word) || ['co', 'oy', 'spa'].includes(b)
  );
}

const STRONG_ENDINGS = words(
  'solutions technologies group labs systems consulting agency enterprises partners industries holdings ventures traders associates studio studios company',
);

/** A legal form, or an ending that on its own makes a phrase a company ("Redstone Consulting Group"). */
export function isStrongCompanyEnding(word: string): boolean {
  return isLegalForm(word) || STRONG_ENDINGS.has(bare(word));
}

/** "Solutions", "Labs", "Digital": common at the end of a company name, but also ordinary words. */
export function isCompanyEnding(word: string): boolean {
  return isLegalForm(word) || WEAK_ENDINGS.has(bare(word));
}

/** True when the phrase ends with a legal form ("Acme Sp. z o.o.", "Maju Jaya Sdn Bhd"). */
export function endsWithLegalForm(phrase: string): boolean {
  const words = phrase.trim().split(/\s+/);
  const last = words[words.length - 1];
  if (last !== undefined && words.length > 1 && isLegalForm(last)) return true;
  const tail = phrase.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  return MULTI_WORD.some((form) => tail.endsWith(` ${form}`));
}

/** Prefix legal forms ("PT Maju Jaya", "CV Sinar"): an Indonesian company starts with them. */
export function isLegalFormPrefix(word: string): boolean {
  // Indonesian "PT Maju Jaya", Lithuanian "UAB Baltic Pixel", Latvian "SIA", Russian/Kazakh "OOO", "TOO".
  return [
    'PT',
    'CV',
    'P.T.',
    'UAB',
    'SIA',
    'OOO',
    'ООО',
    'TOO',
    'ТОО',
    'AO',
    'ZAO',
    'PAO',
    'JSC',
    'EOOD',
    'OÜ',
    // Ukrainian "TOV", "ТОВ"; Finnish "Tmi" (toiminimi, a sole trader's trade name).
    'TOV',
    'ТОВ',
    'Tmi',
  ].includes(word);
}

/**
 * Like mayHoldLegalForm, but an everyday word that is also a form ("as", "me", "co") counts only when the
 * text also holds it in capitals ("AS", "Co"), as a company writes it.
 */
export function mayHoldWrittenLegalForm(words: Set<string>, text: string): boolean {
  for (const w of words) {
    if (!LEGAL_FORMS.has(w)) continue;
    if (!AMBIGUOUS.has(w) || text.includes(w.toUpperCase()) || text.includes(w.charAt(0).toUpperCase() + w.slice(1)))
      return true;
  }
  return /\p{L}\.\s?\p{L}{1,2}\.|\p{L}\/\p{L}/u.test(text);
}

/**
 * A quick look at a message's lower-cased words (see text.ts wordsOf): false when no word can be part of a
 * legal form or a strong ending, so the exact (and slower) check can be skipped.
 */
export function mayHoldLegalForm(words: Set<string>, text: string): boolean {
  for (const w of words) if (LEGAL_FORMS.has(w) || STRONG_ENDINGS.has(w)) return true;
  // Dotted forms split into letters by the word list: "S.A.", "B.V.", "s.r.o.", "Sp. z o.o.", "A/S".
  return /\p{L}\.\s?\p{L}{1,2}\.|\p{L}\/\p{L}/u.test(text);
}
