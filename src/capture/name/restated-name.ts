/** "im Darren, Darren McAllister", "its Liam, Liam O'Connell": a first name, then said again in full. */
import { isBusinessWord } from '../lexicons/business-nouns.js';
import { isCompanyEnding } from '../lexicons/legal-forms.js';
import type { Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push } from './push-name.js';
import { LOOKAHEAD, readName } from './read-name.js';

const SAID_AGAIN = /^[ \t]*[,.][ \t]*/;

/**
 * A one-word name said clearly (a lead-in, not a guess), then a comma or full stop and the same word opening a
 * longer name: that longer name, read as strictly as after a lead-in (the picker keeps the fuller of the two).
 * Not after a guessed reading, nor when the words after it name a business: "Hamdan, Hamdan Auto Spa" answering
 * "your name?" is the name, then the company.
 */
export function findRestatedNames(masked: string, ctx: NameContext, out: Candidate[]): void {
  const found = out.length;
  for (let i = 0; i < found; i++) {
    const c = out[i] as Candidate;
    if (c.weak === true || c.value.includes(' ')) continue;
    const gap = SAID_AGAIN.exec(masked.slice(c.end, c.end + 4));
    if (!gap) continue;
    const at = c.end + gap[0].length;
    if (masked.slice(at, at + c.value.length).toLowerCase() !== c.value.toLowerCase()) continue;
    const name = readName(masked.slice(at, at + LOOKAHEAD), 'strict');
    const [first, ...rest] = name?.split(' ') ?? [];
    if (rest.length === 0 || first?.toLowerCase() !== c.value.toLowerCase()) continue;
    if (rest.some((w) => isBusinessWord(w) || isCompanyEnding(w))) continue;
    push(out, name, at, ctx, false, masked);
  }
}
