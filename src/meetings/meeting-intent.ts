/** Does the visitor ask for a meeting? Whole words only ("call" yes, "recall" no). */
const MEETING_PATTERNS = [
  /\b(meeting|meet|appointment|appt|call|video ?call|zoom|google meet|consultation|demo|schedule|book|booking)\b/i,
  /\b(talk|speak) (to|with) (someone|a person|the team|you|an? (human|agent|expert|consultant))\b/i,
  // "can we talk tomorrow at 3pm?", "let's chat on Friday", "free to speak at 10?": talking at a time is a call.
  // Only with a day or a clock time, so "can we talk about pricing" stays a question.
  /\b(can|could|shall|should|let'?s|free to)\s+(we\s+|us\s+)?(talk|speak|chat|catch up)\b[^.?!]*?\b(today|tonight|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day|next week|this week|at \d{1,2}|\d{1,2}(:\d{2})?\s*(am|pm))\b/i,
  // "can someone ring me thursday", "give me a ring/buzz/bell", "pls phone me": asking to be called.
  /\b(ring|phone|buzz)\s+(me|us)\b/i,
  /\bgive\s+(me|us)\s+a\s+(ring|buzz|bell)\b/i,
];
const NEGATED =
  /\b(no|not|don'?t|do not|never|without)\s+(need\s+|want\s+|a\s+|any\s+)*(meeting|call|appointment)s?\b/i;
// "please don't ring me, email is better": asked not to be called.
const NOT_TO_BE_CALLED = /\b(don'?t|do not|never|no need to)\s+(ring|phone|buzz)\b/i;

export function detectMeetingIntent(message: string): boolean {
  if (NEGATED.test(message) || NOT_TO_BE_CALLED.test(message)) return false;
  return MEETING_PATTERNS.some((re) => re.test(message));
}
