/**
 * Does the visitor ask for a meeting? Whole words only ("call" yes, "recall" no), in English and in the
 * other languages whose times the reader reads (Spanish, French, German, Portuguese, Italian, Dutch).
 */
const MEETING_PATTERNS = [
  /\b(meeting|meet|appointment|appt|call|video ?call|zoom|google meet|consultation|demo|schedule|book|booking)\b/i,
  /\b(talk|speak) (to|with) (someone|a person|the team|you|an? (human|agent|expert|consultant))\b/i,
  // "can we talk tomorrow at 3pm?", "let's chat on Friday", "free to speak at 10?": talking at a time is a call.
  // Only with a day or a clock time, so "can we talk about pricing" stays a question.
  /\b(can|could|shall|should|let'?s|free to)\s+(we\s+|us\s+)?(talk|speak|chat|catch up)\b[^.?!]*?\b(today|tonight|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day|next week|this week|at \d{1,2}|\d{1,2}(:\d{2})?\s*(am|pm))\b/i,
  // "can someone ring me thursday", "give me a ring/buzz/bell", "pls phone me": asking to be called.
  /\b(ring|phone|buzz)\s+(me|us)\b/i,
  /\bgive\s+(me|us)\s+a\s+(ring|buzz|bell)\b/i,
  // The meeting and call words of the other languages ("¿me pueden llamar?", "einen Beratungstermin buchen",
  // "un rendez-vous", "marcar uma reunião", "un appuntamento", "een adviesgesprek"), compounds included.
  /(?<!\p{L})(reuni[oó]n|reunirnos|vernos|reuni[aã]o|llamada|videollamada|cita|agendar|llamar|ll[aá]m(?:ame|enme|eme|arme|arnos|e|en|an)|\p{L}*termin|anruf|telefonat|videocall|videoanruf|besprechung|gespr[äa]ch|anrufen|zur[üu]ckrufen|zusammensetzen|rendez-vous|rdv|r[ée]union|appel|visio|d[ée]mo|cr[ée]neau|rencontrer|rencontrons|m['’]appeler|nous appeler|appelez-moi|rappeler|chamada|liga[çc][ãa]o|videochamada|demonstra[çc][ãa]o|combinar\s+(?:um\s+)?hor[áa]rio|me\s+lig(?:ar|ue|uem|a)|ligue(?:m)?-me|ligar-me|riunione|chiamata|videochiamata|telefonata|appuntamento|consulenza|chiamami|chiamarmi|chiamatemi|chiamateci|richiamar(?:e|mi|ci)|sentirci|vederci|ci\s+vediamo|afspraak|afspreken|belafspraak|vergadering|\p{L}*gesprek|bellen|terugbellen)(?!\p{L})/iu,
  // German and Dutch separable verbs: "rufen Sie mich morgen zurück", "ruft mich an", "bel me even".
  /(?<!\p{L})(ruf(?:en|t|e)?\s+(?:sie\s+)?(?:mich|uns)|bel\s+(?:me|mij|ons))(?!\p{L})/iu,
];
const NEGATED =
  /\b(no|not|don'?t|do not|never|without)\s+(need\s+|want\s+|a\s+|any\s+)*(meeting|call|appointment)s?\b/i;
// "please don't ring me, email is better": asked not to be called.
const NOT_TO_BE_CALLED = /\b(don'?t|do not|never|no need to)\s+(ring|phone|buzz)\b/i;
// The same in the other languages: "no necesito una reunión", "bitte nicht anrufen", "pas besoin de rendez-vous".
const FOREIGN_NEGATED =
  /(?<!\p{L})(no\s+(necesito|quiero|hace\s+falta)\s+(una?\s+)?(reuni[oó]n|llamada|cita)|no\s+me\s+llam(en|es|e)|kein(en|e)?\s+(Termin|Anruf|Telefonat|Gespr[äa]ch)|nicht\s+anrufen|pas\s+(besoin\s+)?d(e\s+|['’])(un\s+)?(appel|rendez-vous|r[ée]union)|ne\s+m['’]appelez\s+pas|n[ãa]o\s+(preciso|quero)\s+(de\s+)?(uma?\s+)?(reuni[ãa]o|chamada|liga[çc][ãa]o)|n[ãa]o\s+me\s+liguem|non\s+(mi\s+)?serve\s+(una?\s+)?(riunione|chiamata|appuntamento)|non\s+chiamatemi|geen\s+(afspraak|gesprek|vergadering)|niet\s+bellen)(?!\p{L})/iu;
// "la llamada de ayer fue muy útil", "l'appel de ce matin": a call already had is told, not asked for (unless
// a time is named too).
const ALREADY_HAD =
  /(?<!\p{L})(yesterday|this morning's|ayer|anoche|de esta mañana|ontem|de hoje de manhã|ieri|di stamattina|gestern|von heute (?:morgen|früh)|gisteren|van vanochtend|de ce matin)(?!\p{L})/iu;

// Talking in the other languages ("¿podemos hablar el jueves a las 10?", "wann können wir telefonieren"): a
// call only when the message also names a day or a time.
const FOREIGN_TALK =
  /(?<!\p{L})(hablar|hablamos|hablarlo|conversar|platicar|charlar|sprechen|reden|telefonieren|parler|discuter|s['’]appeler|falar|falamos|conversarmos|parlare|parliamo|sentirsi|praten|spreken)(?!\p{L})/iu;

/**
 * Whether the message asks for a meeting: `asked` in words alone; `if_timed` when it does only if it also
 * names a day or a time (talking in another language, or meeting words beside "yesterday" or "this morning's"), which the caller
 * reads; undefined when it does not (or refuses one).
 */
export function meetingAskOf(message: string): 'asked' | 'if_timed' | undefined {
  if (NEGATED.test(message) || NOT_TO_BE_CALLED.test(message) || FOREIGN_NEGATED.test(message)) return undefined;
  if (MEETING_PATTERNS.some((re) => re.test(message))) return ALREADY_HAD.test(message) ? 'if_timed' : 'asked';
  return FOREIGN_TALK.test(message) ? 'if_timed' : undefined;
}

/** The message asks for a meeting in words alone. */
export function detectMeetingIntent(message: string): boolean {
  return meetingAskOf(message) === 'asked';
}
