/**
 * An organisation named with a Turkish case ending glued by an apostrophe: "Aydın Tekstil'de pazarlama
 * müdürüyüm" (at), "Demir Hukuk Bürosu'ndan yazıyorum" (from), "Kaya Mimarlık'ta proje yöneticisiyim".
 * Turkish writes the ending of a proper name after an apostrophe, so a run of capitalised words ending so
 * is a name where the visitor works or writes from; a place ("Antalya'da") or a person ("Burak Aydınlar'dan")
 * is not a company. Runs only when the message has such an ending.
 */
import { isPersonNameWord } from '../lexicons/person-names.js';
import { isPlace } from '../lexicons/places.js';
import { matchesOf, type Candidate } from '../text.js';
import { readCompany } from './read-company.js';

// Locative and ablative ("-de/-da/-te/-ta", "-den/-dan", after a vowel "-nde/-nda/-nden/-ndan", "-deki").
const ENDING = String.raw`['’](?:n?[dt][ae]n?|n?[dt][ae]ki)(?![\p{L}])`;
const QUICK = new RegExp(ENDING, 'u');
const NAMED = new RegExp(String.raw`(?<![\p{L}'’])((?:\p{Lu}[\p{L}&.-]*[ \t]+){1,4}\p{Lu}[\p{L}.]*)${ENDING}`, 'gu');

export function findCaseEndings(masked: string, out: Candidate[]): void {
  if (!QUICK.test(masked)) return;
  for (const m of matchesOf(masked, NAMED)) {
    const run = m[1] ?? '';
    const words = run.split(/[ \t]+/);
    if (readCompany(run, 'strict') !== run || isPlace(run) || isPlace(words[words.length - 1] ?? '')) continue;
    if (words.every((w) => isPersonNameWord(w.toLowerCase()))) continue;
    out.push({ value: run, start: m.index, end: m.index + run.length, weak: true });
  }
}
