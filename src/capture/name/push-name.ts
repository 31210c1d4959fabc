/** Adding a name read to the candidates: not a greeting, not the business's own name, where it really is. */
import { isGivenName } from '../lexicons/person-names.js';
import { GREETING_PATTERN, SIGN_OFF_PATTERN } from '../lexicons/words.js';
import type { Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { readName } from './read-name.js';

const NOT_A_NAME = new RegExp(
  `^(?:${GREETING_PATTERN}|${SIGN_OFF_PATTERN}|szanowni\\s+pa[ńn]stwo|estimad[oa]s|exmos?\\.?\\s+senhores|madame|monsieur|dear\\s+\\p{L}+)$`,
  'iu',
);

export function push(
  out: Candidate[],
  name: string | undefined,
  at: number,
  ctx: NameContext,
  weak = false,
  text = '',
): void {
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
  const from = located ? start : at;
  const to = located ? lastAt + (words[words.length - 1] ?? '').length : at + name.length;
  // Two literals, not a spread: a spread object is built the slow way, on every name read.
  out.push(weak ? { value: name, start: from, end: to, weak } : { value: name, start: from, end: to });
}

/** A name standing alone where a stranger phrase would be too risky: the first word a known given name. */
export function readKnownName(words: string): string | undefined {
  const name = readName(words, 'strict');
  if (!name) return undefined;
  const [first] = name.split(' ');
  return first && isGivenName(first.toLowerCase()) ? name : undefined;
}
