/**
 * Later messages that correct or complete the name given before: "sorry, it's Jon", "surname is Tse",
 * "Yanis Bühler actually", "Rebecca Harris if you need the full thing".
 */
import { isRoleWord } from '../lexicons/job-titles.js';
import { isGivenName, isPersonNameWord } from '../lexicons/person-names.js';
import { NAME_PARTICLES } from '../lexicons/words.js';
import { hasAnyWord, matchesOf, type Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { findBareAnswer } from './bare-answers.js';
import { push } from './push-name.js';
import { LOOKAHEAD, readName } from './read-name.js';

// After a name was given, a correction names the person again: "I mean John", "sorry, it's Jon".
const CORRECTION_WORD =
  "i\\s+mean|i\\s+meant|well|or\\s+rather|sorry|disculp[ae]|perdon[ae]|correction|actually|it's|it’s|it\\s+is|typo|oops|scusa|scusate|perd[óo]n|pardon|d[ée]sol[ée]e?|desculpa|entschuldigung|maaf|my\\s+name\\s+is|not\\s+\\p{L}+\\s*[,-]\\s*";
const CORRECTION = new RegExp(
  `(?:^|[^\\p{L}])(?:${CORRECTION_WORD})\\s*[,:]?\\s+(?:(?:${CORRECTION_WORD}|es|is|ist|c['’]est|é|è)\\s*[,:]?\\s+)*(?=\\p{L})`,
  'giu',
);

/** "Yanis Bühler actually", "Ong Boon Hock lah, email ...": the fuller form of the name already given. */
/** Case and accents aside, the same word ("Sebastian", "Sebastián"). */
export function sameWord(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

export function findFullerName(masked: string, ctx: NameContext, out: Candidate[]): void {
  const knownFirst = ctx.knownName?.split(' ')[0];
  if (!knownFirst) return;
  const found: Candidate[] = [];
  findBareAnswer(masked, ctx, found, false);
  for (const c of found) {
    if (!sameWord(c.value.split(' ')[0] ?? '', knownFirst) || !c.value.includes(' ')) continue;
    // "freja smykker" after "Freja": more words typed in lower case that the lexicon does not know as names
    // are as likely the business ("Freja" + "smykker", jewellery).
    const typed = masked.slice(c.start, c.end).split(/\s+/).slice(1);
    if (typed.some((w) => w === w.toLowerCase() && !isPersonNameWord(w) && !NAME_PARTICLES.has(w))) continue;
    out.push(c);
  }
}

// "correction, my surname is Pavlović": the family name of the name already given.
const SURNAME =
  /\b(?:(?:my\s+)?(?:sur|last|family)\s*name|nachname|familienname|apellido|sobrenome|cognome|nom\s+de\s+famille|achternaam|efternamn(?:et)?|efternavn(?:et)?|etternavn(?:et)?|sukunimi|priimek|nazwisko|p[řr][íi]jmen[íi]|vezet[ée]kn[ée]v|soyad[ıi]m?|prezime|pavard[ėe])(?:\s*(?:is|ist|es|é|est|è|je|er|är|on|to|:)|['’]s)?\s+(?:spelled\s+|actually\s+)?/giu;
// "Malik is my surname btw", "Ravelojaona, c'est mon nom de famille": the family name, then what it is.
const SURNAME_BEFORE =
  /(?:^|[^\p{L}])((?:(?:van|von|de|da|di|del|le|la|al|el|ben|bin|ní|mac|ap)\s+)?\p{Lu}[\p{L}'’-]+)\s*,?\s+(?:is\s+my\s+(?:sur|last|family)\s*name|(?:c['’]est|est)\s+mon\s+nom(?:\s+de\s+famille)?|ist\s+mein\s+(?:nach|familien)name|es\s+mi\s+apellido|è\s+il\s+mio\s+cognome|é\s+o\s+meu\s+sobrenome)\b/giu;
// "Je suis le trésorier, Moustapha Ba": a role, then the name.
const ROLE_THEN_NAME =
  /\b(?:i'm|i’m|i\s+am|je\s+suis|soy|sono|ich\s+bin|sou)\s+(?:the|le|la|el|il|der|die|o|a|his|her|their|your|son|sa|su|sua|seine?|ihre?)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s*,\s*/giu;

export const SURNAME_WORDS = [
  'etternavn',
  'etternavnet',
  'efternavn',
  'efternavnet',
  'efternamn',
  'efternamnet',
  'sukunimi',
  'priimek',
  'surname',
  "surname's",
  'surname’s',
  'name',
  "name's",
  'name’s',
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
export function findFullerNameAnywhere(masked: string, ctx: NameContext, out: Candidate[]): void {
  const first = ctx.knownName?.split(' ')[0];
  if (!first) return;
  for (const m of matchesOf(
    masked,
    /(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|(?:van|von|de|da|del|der|den|di|du|la|le|bin|al|el|ap|ó|mac|mc)\b)){1,4})/gu,
  )) {
    const words = m[1] ?? '';
    if (!sameWord(words.split(/\s+/)[0] ?? '', first)) continue;
    const name = readName(words, 'strict');
    if (name && name.includes(' ')) push(out, name, m.index + m[0].indexOf(words), ctx, true, masked);
  }
}

// "Rebecca Harris if you need the full thing", "numele complet", "vollständig": the visitor says it is the full name.
export const FULL_NAME_SAID =
  /\b(?:full|complete|complet[oa]?|vollst[äa]ndig|entero|numele\s+complet|nom\s+complet|nome\s+completo|nombre\s+completo|celé\s+jméno|pe[łl]ne|short\s+for|stands\s+for|nickname|apodo|apelido|surnom|spitzname|real\s+name|eigentlich|en\s+realidad|en\s+fait|in\s+realt[àa]|na\s+verdade|faktisk|egentligen|itse\s+asiassa|properly)(?![\p{L}])/iu;

/** A word of each phrase of FULL_NAME_SAID, for a quick check before it runs. */
export const FULL_NAME_WORDS =
  `full complete completo completa complet vollständig vollstandig entero numele nom nome nombre
  celé pełne pelne short stands nickname apodo apelido surnom spitzname real eigentlich realidad fait realtà realta
  verdade faktisk egentligen asiassa properly`.split(/\s+/);

export function findFullNameSaid(masked: string, ctx: NameContext, out: Candidate[]): void {
  // The full name nearest the words saying so ("shop's called Fresh Fadez. Devesh Mistry btw if u need the full
  // name").
  const cue = FULL_NAME_SAID.exec(masked)?.index ?? 0;
  let best: Candidate | undefined;
  for (const m of matchesOf(masked, FULL_NAME_WORDS_RUN)) {
    const words = m[1] ?? '';
    const name = readName(words, 'strict');
    // Said to be the full name: it replaces the one given before, whatever that was ("Memo", "JP"); with no
    // name given before, only a known given name opens it ("the full name of the shop is ..." is no person).
    if (
      !name ||
      !name.includes(' ') ||
      name.split(' ').length !== words.split(/\s+/).length ||
      !(ctx.knownName || isGivenName((name.split(' ')[0] ?? '').toLowerCase()))
    )
      continue;
    const found: Candidate[] = [];
    push(found, name, m.index + m[0].indexOf(words), ctx, false, masked);
    const c = found[0];
    const distance = (x: Candidate) => Math.min(Math.abs(x.start - cue), Math.abs(x.end - cue));
    if (c && (!best || distance(c) < distance(best))) best = c;
  }
  // "oh full name is hemi walker if u need it": typed in lower case right after the words, opening with the
  // given name the conversation gave or with a known given name.
  if (!best) {
    const lower = LOWER_FULL_NAME.exec(masked);
    const words = lower?.[1]?.split(/\s+/) ?? [];
    const first = words[0] ?? '';
    const known = ctx.knownName?.split(' ')[0];
    if (lower?.[1] && (known ? sameWord(first, known) : isGivenName(first)) && words.every((w) => w.length > 1)) {
      const at = lower.index + lower[0].indexOf(lower[1]);
      push(out, readName(lower[1], 'lenient'), at, ctx, false, masked);
      return;
    }
  }
  if (best) out.push(best);
}

// Capitalised words with the particles inside names ("Leonardo Henrique dos Santos", "Maria van der Berg").
const FULL_NAME_WORDS_RUN =
  /(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+(?:\s+(?:(?:van|von|de|da|das|do|dos|del|der|den|di|du|la|le|bin|binti|al|el|ap)\s+)*\p{Lu}[\p{L}'’-]+){1,3})/gu;
// "full name is hemi walker", "full name tigist worku", "nome completo é joão silva": two or three lower-case
// words right after the words saying it is the full name, to the end of the clause.
const LOWER_FULL_NAME =
  /\b(?:full\s+name|nome\s+completo|nombre\s+completo|nom\s+complet)\s*(?:is|es|é|est|c['’]est|c|:|=|-)?\s+(\p{Ll}[\p{Ll}'’-]+(?:\s+\p{Ll}[\p{Ll}'’-]+){1,2})(?=\s*(?:$|[,.!;)\n]|\s(?:if|pls|please|btw|by|thanks|thx|ok)\b))/u;

export function findSurname(masked: string, ctx: NameContext, out: Candidate[]): void {
  const known = ctx.knownName?.split(' ');
  for (const m of matchesOf(masked, ROLE_THEN_NAME)) {
    if (isRoleWord((m[1] ?? '').split(/\s+/).pop()?.toLowerCase() ?? '')) {
      const at = m.index + m[0].length;
      push(out, readName(masked.slice(at, at + LOOKAHEAD), 'strict'), at, ctx, false, masked);
    }
  }
  if (!known) return;
  for (const m of matchesOf(masked, SURNAME)) {
    const at = m.index + m[0].length;
    pushSurname(out, known, readSurname(masked.slice(at, at + LOOKAHEAD)), at, ctx, masked);
  }
  for (const m of matchesOf(masked, SURNAME_BEFORE)) {
    const at = m.index + m[0].indexOf(m[1] ?? '');
    pushSurname(out, known, readSurname(m[1] ?? ''), at, ctx, masked);
  }
}

/** A family name alone: its particles kept ("van Beek"), in lower case too ("nachname hoffmann"). */
function readSurname(after: string): string | undefined {
  const particles =
    /^\s*((?:(?:van|von|de|da|di|del|der|den|le|la|al|el|ben|bin|ní|mac|ap|dos|das)\s+){1,2})(?=\p{L})/iu.exec(
      after,
    )?.[1];
  const rest = particles ? after.slice(after.indexOf(particles) + particles.length) : after;
  let surname = readName(rest, 'strict');
  const first = /^\s*([\p{L}'’-]+)/u.exec(rest)?.[1] ?? '';
  if (!surname && first === first.toLowerCase() && isPersonNameWord(first)) surname = readName(first, 'lenient');
  if (!surname) return undefined;
  // One family name (two with a hyphen or particles), not the sentence after it.
  const words = surname.split(' ');
  return `${particles ? particles.trim().toLowerCase() + ' ' : ''}${words.length > 2 ? (words[0] ?? '') : surname}`;
}

/** Levenshtein distance up to a small bound (a misspelt family name: "Jansen" / "Janssen"). */
export function closeSpelling(a: string, b: string): boolean {
  const x = a.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const y = b.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (Math.abs(x.length - y.length) > 2) return false;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row.push(
        Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1)),
      );
    prev = row;
  }
  return (prev[y.length] ?? 99) <= 2 && Math.min(x.length, y.length) > 3;
}

// "Jason" then "surname is Tse": Jason Tse; "Tijana Pavlovic" then "surname is Pavlović": the last word
// changes; "Mei Ling" then "surname Tan": Mei Ling Tan.
function pushSurname(
  out: Candidate[],
  known: string[],
  surname: string | undefined,
  at: number,
  ctx: NameContext,
  masked: string,
): void {
  if (!surname) return;
  const last = known[known.length - 1] ?? '';
  const given = known.length >= 2 && closeSpelling(last, surname.split(' ').pop() ?? '') ? known.slice(0, -1) : known;
  if (given.some((w) => sameWord(w, surname))) return;
  push(out, `${given.join(' ')} ${surname}`, at, ctx, false, masked);
}

const CORRECTION_WORDS = [
  'well',
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

export function findCorrections(masked: string, ctx: NameContext, out: Candidate[]): void {
  if (!hasAnyWord(masked, CORRECTION_WORDS)) return;
  const firstAt = out.length > 0 ? Math.min(...out.map((c) => c.start)) : ctx.knownName ? -1 : Number.POSITIVE_INFINITY;
  for (const m of matchesOf(masked, CORRECTION)) {
    const at = m.index + m[0].length;
    if (at <= firstAt) continue;
    const after = masked.slice(at, at + LOOKAHEAD);
    const name = readName(after, 'strict');
    // The correction must name a person and stop: "correction: Ssemco Engineering Ltd" corrects a company.
    const last = name?.split(' ').pop() ?? '';
    const tail = after.slice(after.toLowerCase().indexOf(last.toLowerCase()) + last.length);
    if (
      name &&
      /^\s*(?:$|[,.!;:)(\n]|\p{Extended_Pictographic}|[-–—]\s|\s+(?:not|instead|with|from|btw|please|here|and|y|e|et|in\s+full)\b)/u.test(
        tail,
      )
    )
      push(out, name, at, ctx, false, masked);
  }
}

// A form of two labels: "Prénom : Mamadou / Nom : Diallo", "Nom: Chappuis; Prénom: Véronique", "First name: Ana
// Last name: Ruiz".
const GIVEN_LABEL =
  /(?:^|[\n;|,]\s*)(?:first\s*name|given\s*name|forename|pr[ée]nom|vorname|nombre\s+de\s+pila|primeiro\s+nome|imi[ęe]|voornaam|förnamn|fornavn|etunimi)\s*[:=]\s*([^\n;|,]{1,40})/iu;
const FAMILY_LABEL =
  /(?:^|[\n;|,]\s*)(?:last\s*name|surname|family\s*name|nom(?:\s+de\s+famille)?|nachname|apellidos?|sobrenome|apelido|cognome|nazwisko|achternaam|efternamn|etternavn|efternavn|sukunimi)\s*[:=]\s*([^\n;|,]{1,40})/iu;
export const LABEL_WORDS = [
  'first',
  'given',
  'forename',
  'prénom',
  'prenom',
  'vorname',
  'pila',
  'primeiro',
  'imię',
  'imie',
  'voornaam',
  'förnamn',
  'fornavn',
  'etunimi',
];

export function findLabelledNameParts(masked: string, ctx: NameContext, out: Candidate[]): void {
  const given = GIVEN_LABEL.exec(masked);
  const family = FAMILY_LABEL.exec(masked);
  if (!given?.[1] || !family?.[1]) return;
  const first = readName(given[1], 'lenient');
  const last = readSurname(family[1]);
  if (!first || !last || first.split(' ').some((w) => sameWord(w, last))) return;
  const at = Math.min(given.index, family.index);
  out.length = 0;
  push(out, `${first} ${last}`, at, ctx, false, masked);
}
