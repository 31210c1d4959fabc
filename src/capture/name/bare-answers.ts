/** The message as the answer to "May I have your name?", and "Maria Lopez <maria@x.com>" before an email. */
import { isPlace } from '../lexicons/places.js';
import { isGivenName } from '../lexicons/person-names.js';
import { GREETING_PATTERN, NAME_PARTICLES, TITLES } from '../lexicons/words.js';
import { normalizeName } from '../text.js';
import type { Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push, readKnownName } from './push-name.js';
import { readName } from './read-name.js';

const FILLER_START = new RegExp(
  `^\\s*(?:(?:${GREETING_PATTERN}|sure|yes|yeah|yep|ok(?:ay)?|of\\s+course|certainly|oh|ah|aha|ahh|hmm|um|uh|it'?s|its|it\\s+is|i'?m|i\\s+am|im|name|my\\s+name(?:\\s+(?:is|na|be))?|me|this\\s+is|sorry|full\\s+name|scusa|perd[óo]n|pardon|desculpa|oops|y|and|e|et|und|es|c['’]est|ist|me\\s+llamo|llamo|mi\\s+nombre\\s+es|soy|je\\s+m['’]appelle|je\\s+suis|moi\\s+c['’]est|ich\\s+bin|ich\\s+hei(?:ß|ss)e|mi\\s+chiamo|sono|me\\s+chamo|eu\\s+sou|sou|ik\\s+ben|jag\\s+heter|jeg\\s+heter|jeg\\s+hedder|nazywam\\s+si[ęe]|jestem|les\\s+escribe|te\\s+escribe|ana|tôi\\s+là|toi\\s+la|claro|s[íi]|vale|dale|bueno|pues|oui|ja|sim|name['’]s|the\\s+name['’]s)[\\s,!?.:-]+)+`,
  'iu',
);

/** "Maria Lopez <maria@x.com>" / "Maria Lopez - maria@x.com" on a line of its own. */
export function findBeforeEmail(masked: string, emailStarts: number[], ctx: NameContext, out: Candidate[]): void {
  for (const start of emailStarts) {
    const lineStart = masked.lastIndexOf('\n', start - 1) + 1;
    const line = masked.slice(Math.max(lineStart, masked.lastIndexOf(':', start - 1) + 1), start);
    const m = /^\s*(?:[\p{L}]+\s*[,:]\s*)?((?:[\p{L}'’-]+\s+){1,3}[\p{L}'’-]+)\s*[(<[,:–—-]?\s*$/u.exec(line);
    if (m?.[1]) push(out, readKnownName(m[1]), start - line.length + line.indexOf(m[1]), ctx, true, masked);
  }
}

const TRAILING_PARTICLES =
  /\s+(?:desu|lah|la|po|ji|here|hier|aqu[íi]|btw|actually|again|please|pls|thanks|thx|ya|yaa|na|hai|hoon|hun|ka|kha|krub|khrap|ạ|nhé|nha)(?![\p{L}])[\s.!\p{Extended_Pictographic}]*$/iu;

function givenNameAlone(words: string[]): string | undefined {
  const [first, ...rest] = words;
  if (!first || words.length > 2 || !/^\p{Lu}\p{Ll}+$/u.test(first) || !isGivenName(first.toLowerCase()))
    return undefined;
  const family = rest.length > 0 ? readName(rest.join(' '), 'strict') : '';
  return family === undefined ? undefined : normalizeName(`${first} ${family}`);
}

/** The whole message (or its first clause) as the answer to "May I have your name?". */
export function findBareAnswer(masked: string, ctx: NameContext, out: Candidate[], lenientWhole: boolean): void {
  const stripped = masked.replace(FILLER_START, '').replace(TITLES, '');
  const offset = masked.length - stripped.length;
  const clause = (stripped.split(/[,;:!?\n()|]|\s[-–—]\s|\.(?:\s|$)/)[0] ?? '')
    .replace(/[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/u, '')
    .replace(TRAILING_PARTICLES, '');
  const words = clause.trim().split(/\s+/).filter(Boolean);
  // Particles do not count ("Hamdan bin Khalid Al Suwaidi" is four name words).
  if (words.length === 0 || words.filter((w) => !NAME_PARTICLES.has(w.toLowerCase())).length > 4) return;
  const rest = stripped.slice(stripped.indexOf(clause) + clause.length).replace(TRAILING_PARTICLES, '');
  const whole = /^[\s.!\p{Extended_Pictographic}]*$/u.test(rest.replace(/^\s*(?:desu|lah|la|po|btw|actually)\b/i, ''));
  // The whole message may be in upper or lower case ("maria lopez"); a first clause must look like a name. A place is
  // no answer ("Lahore"), unless it is a given name too ("Santiago", "Larissa").
  if (isPlace(clause.trim()) && !isGivenName(clause.trim().toLowerCase())) return;
  // "Can", "Dan Ko": a capitalised given name that is also a word, given alone as the answer.
  const name =
    readName(clause, whole && lenientWhole ? 'lenient' : 'strict') ??
    (whole && lenientWhole ? givenNameAlone(words) : undefined);
  if (name && name.split(' ').length === words.length)
    push(out, name, offset + stripped.indexOf(words[0] ?? ''), ctx, true, masked);
}
