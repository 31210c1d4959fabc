/** Does the visitor ask for a meeting? Whole words only ("call" yes, "recall" no). */
const MEETING_PATTERNS = [
  /\b(meeting|meet|appointment|appt|call|video ?call|zoom|google meet|consultation|demo|schedule|book|booking)\b/i,
  /\b(talk|speak) (to|with) (someone|a person|the team|you|an? (human|agent|expert|consultant))\b/i,
];
const NEGATED =
  /\b(no|not|don'?t|do not|never|without)\s+(need\s+|want\s+|a\s+|any\s+)*(meeting|call|appointment)s?\b/i;

export function detectMeetingIntent(message: string): boolean {
  if (NEGATED.test(message)) return false;
  return MEETING_PATTERNS.some((re) => re.test(message));
}
