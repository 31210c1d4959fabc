/**
 * The visitor's own name: after a self-introduction in many phrasings and languages ("my name is",
 * "name's", "I'm", "this is", "X here", "myself X", "me llamo", "ich bin"...), in a sign-off or signature
 * ("Thanks, Jo", "Best regards,\nKlaus Weber"), at the head of a message ("Ivan Petrov, Acme - ..."),
 * before the visitor's own email, or as the bare answer when the assistant has just asked for it.
 * Where the phrasing could introduce anything ("I'm ..."), the words must look like a name: capitalised,
 * or known given or family names.
 */
import { hasAnyWord, type Candidate } from './text.js';
import { findBareAnswer, findBeforeEmail } from './name/bare-answers.js';
import {
  findCorrections,
  findFullerName,
  findFullerNameAnywhere,
  findFullNameSaid,
  findSurname,
  FULL_NAME_SAID,
  FULL_NAME_WORDS,
  findLabelledNameParts,
  LABEL_WORDS,
  SURNAME_WORDS,
} from './name/corrections.js';
import { findNameInLocalPart, type LocalPart } from './name/email-local-part.js';
import { findLeadIns } from './name/lead-ins.js';
import { findOpener } from './name/openers.js';
import { findRestatedNames } from './name/restated-name.js';
import { findSignatureName, findSignatures } from './name/signatures.js';

export { readName, type NameMode } from './name/read-name.js';
export { closeSpelling, sameWord } from './name/corrections.js';

export interface NameContext {
  /** The assistant has just asked for the name: a bare answer is the name. */
  askedForName: boolean;
  /** A name this conversation already gave: corrections of it are read. */
  knownName: string | undefined;
  /** Names that are never the visitor's: the business's, the assistant's. Lower case. */
  excluded: Set<string>;
  /** The local parts of the visitor's addresses (this message's and the one given before). */
  emailLocals?: readonly LocalPart[];
}

export function findNames(text: string, masked: string, emailStarts: number[], ctx: NameContext): Candidate[] {
  const out: Candidate[] = [];
  findLeadIns(masked, ctx, out);
  findSignatures(masked, ctx, out);
  findOpener(masked, ctx, out);
  if (masked.includes('\n')) findSignatureName(masked, ctx, out);
  if (emailStarts.length > 0) findBeforeEmail(masked, emailStarts, ctx, out);
  if (ctx.emailLocals && ctx.emailLocals.length > 0) findNameInLocalPart(masked, ctx.emailLocals, ctx, out);
  if (ctx.askedForName && !out.some((c) => !c.weak)) findBareAnswer(masked, ctx, out, true);
  else if (out.length === 0) findFullerName(masked, ctx, out);
  findCorrections(masked, ctx, out);
  if (hasAnyWord(masked, SURNAME_WORDS)) findSurname(masked, ctx, out);
  if (hasAnyWord(masked, LABEL_WORDS)) findLabelledNameParts(masked, ctx, out);
  if (ctx.knownName && out.length === 0) findFullerNameAnywhere(masked, ctx, out);
  if (out.length === 0 && (ctx.knownName || hasAnyWord(masked, FULL_NAME_WORDS)) && FULL_NAME_SAID.test(masked))
    findFullNameSaid(masked, ctx, out);
  if (out.length > 0) findRestatedNames(masked, ctx, out);
  return out;
}
