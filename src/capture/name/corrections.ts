/**
 * Later messages that correct or complete the name given before: "sorry, it's Jon", "surname is Tse",
 * "Yanis Bühler actually", "Rebecca Harris if you need the full thing".
 */
import { isRoleWord } from '../lexicons/job-titles.js';
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
  for (const c of found) if (sameWord(c.value.split(' ')[0] ?? '', knownFirst) && c.value.includes(' ')) out.push(c);
}

// "correction, my surname is Pavlović": the family name of the name already given.
const SURNAME =
  /\b(?:(?:my\s+)?(?:sur|last|family)\s*name|nachname|familienname|apellido|sobrenome|cognome|nom\s+de\s+famille|achternaam|efternamn(?:et)?|efternavn(?:et)?|etternavn(?:et)?|sukunimi|priimek|nazwisko|p[řr][íi]jmen[íi]|vezet[ée]kn[ée]v|soyad[ıi]m?|prezime|pavard[ėe])\s*(?:is|ist|es|é|est|è|je|er|är|on|to|:)?\s+(?:spelled\s+|actually\s+)?/giu;
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

export function findFullNameSaid(masked: string, ctx: NameContext, out: Candidate[]): void {
  for (const m of matchesOf(masked, /(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})/gu)) {
    const words = m[1] ?? '';
    const name = readName(words, 'strict');
    // Said to be the full name: it replaces the one given before, whatever that was ("Memo", "JP").
    if (name && name.includes(' ') && name.split(' ').length === words.split(/\s+/).length)
      push(out, name, m.index + m[0].indexOf(words), ctx, false, masked);
  }
}

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
      /^\s*(?:$|[,.!;:)\n]|\p{Extended_Pictographic}|\s+(?:not|instead|with|from|btw|please|here|and|y|e|et)\b)/u.test(
        tail,
      )
    )
      push(out, name, at, ctx, false, masked);
  }
}
