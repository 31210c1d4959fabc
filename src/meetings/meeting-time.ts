/**
 * Reading a meeting time (see time/time-reader.ts) and reading a yes or a no. The time is read in the
 * business zone unless the visitor names another; the conversation (offered slots, the day under
 * discussion, the visitor's zone) answers a time said alone.
 */
import type { DateTime } from 'luxon';
import { readMeetingTime, type ParsedTime, type ReadingContext, type WallClock } from './time/time-reader.js';

export type { ParsedTime, ReadingContext, WallClock };

export function parseMeetingTime(
  text: string,
  now: DateTime,
  zone: string,
  context?: ReadingContext,
): ParsedTime | undefined {
  return readMeetingTime(text, now, zone, context);
}

// Words that say yes on their own.
const AFFIRMATIVE = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'confirm',
  'confirmed',
  'correct',
  'perfect',
  'absolutely',
  'definitely',
  'agreed',
  'alright',
  'works',
  'book',
  // The same in the languages whose times are read: "sí", "claro", "ja gerne", "oui d'accord", "sim", "sì va bene".
  'sí',
  'si',
  'sì',
  'claro',
  'vale',
  'dale',
  'acuerdo',
  'perfecto',
  'confirmo',
  'ja',
  'jawohl',
  'gerne',
  'genau',
  'passt',
  'einverstanden',
  'oui',
  'ouais',
  "d'accord",
  'parfait',
  'sim',
  'certo',
  'perfeito',
  'combinado',
  'fechado',
  'perfetto',
  'confermo',
  'prima',
  'akkoord',
  'goed',
]);
// Words that may stand beside a yes without changing it ("ok, book it for me, thanks").
const YES_COMPANIONS = [
  'right',
  'great',
  'good',
  'fine',
  'please',
  'it',
  'that',
  'this',
  'sounds',
  'go',
  'ahead',
  'do',
  'thanks',
  'thank',
  'you',
  'all',
  'lets',
  "let's",
  'done',
  'the',
  'meeting',
  'call',
  'slot',
  'time',
  'is',
  'for',
  'me',
  'de',
  'por',
  'favor',
  'gracias',
  'está',
  'bien',
  'bitte',
  'danke',
  'gut',
  'merci',
  "s'il",
  'vous',
  'plaît',
  "c'est",
  'bon',
  'obrigado',
  'obrigada',
  'pode',
  'ser',
  'grazie',
  'va',
  'bene',
  'graag',
  'dank',
  'je',
];
const YES_WORDS = new Set([...AFFIRMATIVE, ...YES_COMPANIONS]);

const NO_WORDS =
  /^(no|nope|nah|not really|cancel|don'?t|do not|never mind|nevermind|stop|nein|non|não|nao|nee|mejor no|lieber nicht)(?!\p{L})/iu;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** A clear yes: every word is part of a confirmation ("yes please", "ok book it"), nothing else ("yesterday", "yes, but not Friday"). */
export function isClearYes(text: string): boolean {
  const w = words(text);
  if (w.length === 0 || w.length > 8) return false;
  return w.every((x) => YES_WORDS.has(x)) && w.some((x) => AFFIRMATIVE.has(x));
}

export function isClearNo(text: string): boolean {
  return NO_WORDS.test(text.trim());
}
