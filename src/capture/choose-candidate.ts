/**
 * Choosing among several values of one field in a message: a later correction wins ("my email is a@x.com,
 * sorry, it's b@y.com"), a value said to be old or someone else's loses ("not 0300..., that's the old one").
 */
import { lastMatchAt, type Candidate } from './text.js';

const CORRECTION =
  /\b(?:actually|correction|corrected|sorry|i\s+mean|i\s+meant|meant|new|correct|updated|update|instead(?!\s+of)|oops|typo|my\s+bad|scratch\s+that|rather(?!\s+than)|changed|use|pardon|wait|no,?)\b/gi;
const DEMOTION =
  /\b(?:old|previous|former|wrong|outdated|no\s+longer|not|instead\s+of|rather\s+than|incorrect|ignore)\b/gi;
// Someone else's value right before it: "cc my colleague anna@x.com", "her number is ...".
const OTHER_PERSON = String.raw`(?:colleague|co-?worker|boss|manager|assistant|partner|wife|husband|friend|secretary|team\s*mate|cofounder|co-founder)`;
const SOMEONE_ELSE = new RegExp(
  String.raw`(?:\b${OTHER_PERSON}(?:'s|’s)|\b(?:my|our|the)\s+${OTHER_PERSON}\b|\b(?:cc|his|her|their)\b)[^.!?\n:]{0,25}$`,
  'i',
);

// Said right after a value: "0300 1111111, that's the old one".
const DEMOTION_AFTER =
  /^[^.!?\n]{0,20}?\b(?:that's|that’s|that\s+is|this\s+is|it's|it’s|which\s+is)\s+(?:the|my|an?)?\s*(?:old|wrong|previous|outdated|former)\b|^\s*(?:is\s+(?:wrong|old|outdated|incorrect)|\(?(?:old|wrong|outdated)\)?)/i;

/**
 * The value a message gives among several candidates. `ownOnly`: drop values said to be someone else's
 * ("my colleague's email is ..."); for emails and phones, where a colleague's is a real risk.
 */
// For names, only a named relation ("my boss Tariq"): "I'm his assistant, Ngoc" is the visitor.
const SOMEONE_ELSES_NAME = new RegExp(
  String.raw`(?:\b${OTHER_PERSON}(?:'s|’s)|\b(?:my|our|the)\s+${OTHER_PERSON}\b)[^.!?\n:]{0,25}$`,
  'i',
);

export function pickCandidate(
  text: string,
  candidates: Candidate[],
  ownOnly: false | 'contact' | 'name' = false,
): string | undefined {
  // Most fields of most messages have no candidate or one: whatever the words around it say, one value
  // is what the loop below would return (a demoted value is still the last resort).
  if (candidates.length === 0) return undefined;
  if (candidates.length === 1 && !ownOnly) return candidates[0]?.value;
  const others = ownOnly === 'name' ? SOMEONE_ELSES_NAME : SOMEONE_ELSE;
  const sorted = [...candidates]
    .sort((a, b) => a.start - b.start)
    // Title dots ("my boss Mr. Dang") do not end the sentence that says whose the value is.
    .filter(
      (c) =>
        !ownOnly ||
        !others.test(text.slice(Math.max(0, c.start - 40), c.start).replace(/\b(mr|mrs|ms|dr|eng|prof)\./gi, '$1')),
    );
  // One value left is the answer whatever is said around it (a demoted value is still the last resort): the
  // corrections and demotions below only choose among several.
  if (sorted.length <= 1) return sorted[0]?.value;
  let lastCorrected: Candidate | undefined;
  let firstKept: Candidate | undefined;
  let previousEnd = 0;
  for (const [i, c] of sorted.entries()) {
    const window = text.slice(Math.max(previousEnd, c.start - 40), c.start);
    previousEnd = c.end;
    // A denial counts only in the value's own sentence ("I have no website. My number is ...").
    const sentence = window.slice(Math.max(...['.', '!', '?', '\n'].map((b) => window.lastIndexOf(b))) + 1);
    const demotion = lastMatchAt(sentence, DEMOTION);
    const demotedAt = demotion < 0 ? -1 : window.length - sentence.length + demotion;
    const correctedAt = i > 0 ? lastMatchAt(window, CORRECTION) : -1;
    const next = sorted[i + 1];
    const after = text.slice(c.end, next ? next.start : c.end + 60);
    // Whichever is said last wins: "the old one, the correct one is X" corrects; "new: X, not Y" demotes Y.
    if ((demotedAt >= 0 && demotedAt > correctedAt) || DEMOTION_AFTER.test(after)) continue;
    if (correctedAt >= 0) lastCorrected = c;
    firstKept ??= c;
  }
  return (lastCorrected ?? firstKept ?? sorted[sorted.length - 1])?.value;
}

// Said right before a value, a correction makes it replace what the conversation gave before.
const CORRECTS_BEFORE =
  /(?:^|[^\p{L}])(?:correction|corrected|actually|sorry|i\s+mean|i\s+meant|update|updated|now\s+called|renamed|changed|new\s+name|typo|oops|scratch\s+that|instead|korrektur|eigentlich|offiziell|correcci[óo]n|corre[çc][ãa]o|correzione|correction|en\s+realidad|ahora|na\s+verdade|agora|en\s+fait|plut[ôo]t|in\s+realt[àa]|perd[óo]n|scusa|pardon|desculpa|entschuldigung|no\s+wait|wait|oficialmente|officially|registrad[oa]|registered|rebranded|rebrand)(?![\p{L}])[^.!?\n]{0,30}$/iu;

/** True when the value at `start` is introduced as a correction ("correction: Ssemco Engineering & Supplies Ltd"). */
export function isCorrection(text: string, start: number): boolean {
  return CORRECTS_BEFORE.test(text.slice(Math.max(0, start - 45), start));
}
