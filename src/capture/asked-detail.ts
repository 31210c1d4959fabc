/**
 * What the assistant's last reply asked the visitor for: a contact detail or a qualification question.
 * The next message is then read as the answer ("May I have your name?" -> "Priya" is a name). Works on
 * the offline assistant's fixed questions and on an LLM's free wording (its last question sentence).
 */
import type { BusinessProfile } from '../business/business-profile.js';
import type { ContactField } from '../llm/assistant.types.js';

export type AskedDetail = { kind: 'contact'; field: ContactField } | { kind: 'qualification'; label: string };

/** The offline assistant's questions; an LLM is told to ask for the same details one at a time. */
export const CONTACT_QUESTIONS: Record<ContactField, string> = {
  name: 'May I have your name?',
  email: 'What is the best email address to reach you at?',
  phone: 'Could you share a phone number, in case the team needs to call you?',
  company: 'Which company or organisation are you with?',
};

export const PHONE_WITH_COUNTRY_CODE =
  "I couldn't read that phone number. Could you send it with the country code, for example +44 20 7946 0958?";

/** The offline questions as pairs, made once (not an entries array per turn). */
const QUESTIONS = Object.entries(CONTACT_QUESTIONS) as Array<[ContactField, string]>;

const CUES: Array<[ContactField, RegExp]> = [
  ['email', /\be-?mail\b/i],
  ['phone', /\b(?:phone|number|whats\s?app|mobile|call\s+you|country\s+code)\b/i],
  ['company', /\b(?:company|organi[sz]ation|business|employer|work\s+for|firm)\b/i],
  ['name', /\bname\b/i],
];

/** The detail the reply asks for, judged on its last question; undefined when it asks for none. */
export function askedDetailOf(reply: string | undefined, profile: BusinessProfile): AskedDetail | undefined {
  if (!reply) return undefined;
  for (const q of profile.qualification)
    if (reply.includes(q.question)) return { kind: 'qualification', label: q.label };
  for (const [field, question] of QUESTIONS) if (reply.includes(question)) return { kind: 'contact', field };
  if (reply.includes(PHONE_WITH_COUNTRY_CODE)) return { kind: 'contact', field: 'phone' };
  const last = lastQuestionOf(reply);
  if (last === undefined) return undefined;
  for (const [field, cue] of CUES) if (cue.test(last)) return { kind: 'contact', field };
  return undefined;
}

const SENTENCE_END = new Set(['.', '!', '?', '\n']);

/**
 * The reply's last question sentence: from after the sentence end before its last "?" to that "?" (what the
 * last match of /[^.!?\n]*\?/g is). Read backwards from the last "?": the regex tried every position of a
 * reply from its start, quadratic in a long sentence without a question mark, ~0.5% of a turn's CPU.
 */
export function lastQuestionOf(reply: string): string | undefined {
  const end = reply.lastIndexOf('?');
  if (end < 0) return undefined;
  let start = end;
  while (start > 0 && !SENTENCE_END.has(reply.charAt(start - 1))) start--;
  return reply.slice(start, end + 1);
}

/** The contact field asked for, if the reply asked for one. */
export function askedContactField(asked: AskedDetail | undefined): ContactField | undefined {
  return asked?.kind === 'contact' ? asked.field : undefined;
}
