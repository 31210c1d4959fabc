/**
 * The built-in assistant used when no Gemini key is set. Deterministic: it answers from the business
 * profile, thanks the visitor for what they shared, words the meeting decision it is given, and asks
 * for one missing contact detail at a time.
 */
import type { BusinessProfile } from '../business/business-profile.js';
import { CONTACT_QUESTIONS, PHONE_WITH_COUNTRY_CODE } from '../capture/asked-detail.js';
import type { Assistant, AssistantTurn, MeetingOutcome, TurnFacts } from './assistant.types.js';

const hasWord = (text: string, words: string[]) =>
  words.some((w) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu').test(text),
  );

const GREETING = [
  'hi',
  'hello',
  'hey',
  'hiya',
  'good morning',
  'good afternoon',
  'good evening',
  'salam',
  'assalam o alaikum',
  'greetings',
];
const THANKS = ['thanks', 'thank you', 'thx', 'cheers', 'appreciate it'];
const BYE = ['bye', 'goodbye', 'see you', 'that is all', "that's all", 'nothing else'];
const HOURS = ['hours', 'open', 'opening', 'closing', 'when are you', 'working time', 'timings'];
const CONTACT = [
  'contact',
  'email address',
  'phone number',
  'call you',
  'reach you',
  'address',
  'where are you',
  'location',
  'located',
];
const SERVICES = ['services', 'what do you do', 'what do you offer', 'offer', 'help me with', 'products'];
const HUMAN = ['human', 'person', 'agent', 'someone', 'representative', 'real person'];

/** The first word of the name the visitor gave: the assistant greets by it. */
function firstNameOf(name: string): string {
  return name.split(' ')[0] ?? name;
}

function wordMeeting(outcome: MeetingOutcome, profile: BusinessProfile): string {
  switch (outcome.kind) {
    case 'need_time':
      return outcome.suggestions && outcome.suggestions.length > 0
        ? `Which time suits you? The nearest free times are ${outcome.suggestions.join('; ')}. Reply with one of them (for example "the first one") or name another time.`
        : `I'd be happy to set up a call with the ${profile.name} team. Which day and time would suit you? For example "tomorrow at 3pm" or "next Tuesday 11:30".`;
    case 'need_email':
      return `I can book ${outcome.when} for you. What email address should I send the invitation to?`;
    case 'proposed':
      return `Shall I book a call for ${outcome.when}? Please reply "yes" to confirm, or tell me another time.`;
    case 'booked':
      return `You're booked for ${outcome.when}. An invitation is on its way to your email${outcome.meetLink ? `, and you can join with Google Meet here: ${outcome.meetLink}` : ''}.`;
    case 'already_booked':
      return `Your call is already booked for ${outcome.when}${outcome.meetLink ? ` (Google Meet: ${outcome.meetLink})` : ''}. Is there anything else I can help with?`;
    case 'requested':
      return `I've passed your request for ${outcome.when} to the team; they will confirm the meeting by email shortly.`;
    case 'already_requested':
      return `Your request for ${outcome.when} is with the team, who will confirm it by email. To choose another time, use your meeting page.`;
    case 'declined':
      return 'No problem, I have not booked anything. Tell me another day and time whenever you like.';
    case 'unavailable': {
      const why =
        outcome.reason === 'past'
          ? 'That time has already passed.'
          : outcome.reason === 'busy'
            ? 'That time is already taken.'
            : 'That time is outside our meeting hours.';
      return outcome.alternatives.length > 0
        ? `${why} The nearest free times are ${outcome.alternatives.join('; ')}. Would one of those work?`
        : `${why} Which other day and time would suit you?`;
    }
  }
}

function answerQuestion(message: string, profile: BusinessProfile): string | undefined {
  const faq = profile.faq.find((f) => hasWord(message, f.keywords));
  if (faq) return faq.answer;
  const matched = profile.services.filter((s) => hasWord(message, [s.name, ...s.keywords]));
  if (matched.length > 0) {
    const list = matched.map((s) => `${s.name}${s.description ? ` (${s.description})` : ''}`).join('; ');
    return `Yes, we can help with that: ${list}. I can also set up a short call with the team to talk it through.`;
  }
  if (hasWord(message, HOURS) && profile.hours) return `We're available ${profile.hours}.`;
  if (hasWord(message, CONTACT)) {
    const c = profile.contact;
    const parts = [c.email && `email ${c.email}`, c.phone && `call ${c.phone}`, profile.location].filter(Boolean);
    if (parts.length > 0) return `You can reach us by ${parts.join(', ')}.`;
  }
  if (hasWord(message, SERVICES) && profile.services.length > 0) {
    return `We offer ${profile.services.map((s) => s.name.toLowerCase()).join(', ')}. What are you looking for?`;
  }
  if (hasWord(message, HUMAN)) {
    return 'Of course: the team will get back to you personally. I can also book a short call with them.';
  }
  return undefined;
}

/** The next question: the first missing contact detail, then the business's qualification questions in order. */
function nextQuestion(facts: TurnFacts): string | undefined {
  const field = facts.missing[0];
  return field ? CONTACT_QUESTIONS[field] : facts.missingQualification[0]?.question;
}

export function composeOfflineReply(message: string, facts: TurnFacts): string {
  const { profile, visitor, captured, meeting } = facts;
  const parts: string[] = [];
  const name = visitor.name ? firstNameOf(visitor.name) : undefined;

  const noted = captured.length > 0 || facts.capturedFields.length > 0;
  if (noted) {
    parts.push(
      name && captured.includes('name')
        ? `Nice to meet you, ${name}!`
        : `Thank you${name ? `, ${name}` : ''}, I've noted that.`,
    );
  } else if (facts.firstTurn && hasWord(message, GREETING)) {
    parts.push(`Hello! Welcome to ${profile.name}.`);
  }

  if (meeting) {
    parts.push(wordMeeting(meeting, profile));
  } else {
    const answer = answerQuestion(message, profile);
    if (answer) parts.push(answer);
    else if (hasWord(message, THANKS)) parts.push("You're welcome!");
    else if (hasWord(message, BYE)) parts.push('Thanks for stopping by. The team will be in touch soon.');
    else if (parts.length === 0 && hasWord(message, GREETING))
      parts.push(`Hello${name ? ` ${name}` : ''}! How can I help you today?`);
    else if (parts.length === 0 || (facts.firstTurn && !noted)) {
      parts.push(
        `I'm ${profile.assistantName ? `${profile.assistantName}, ` : ''}the ${profile.name} assistant. I can tell you about our services (${profile.services
          .map((s) => s.name.toLowerCase())
          .join(', ')}) or book a short call with the team.`,
      );
    }
  }

  // One missing detail at a time; while a meeting needs an email that question already stands.
  const askingEmail = meeting?.kind === 'need_email';
  const meetingQuestion = meeting && ['need_time', 'proposed', 'unavailable'].includes(meeting.kind);
  const farewell = hasWord(message, BYE);
  const next = nextQuestion(facts);
  // A number that could not be read is asked for again even beside a meeting question: the visitor's next
  // message will not hold it, so unasked it would be lost.
  if (facts.unreadPhone) parts.push(PHONE_WITH_COUNTRY_CODE);
  else if (next && !askingEmail && !meetingQuestion && !farewell) parts.push(next);
  else if (!next && !meeting && noted) parts.push('The team will be in touch soon. Anything else I can help with?');
  return parts.join(' ');
}

export class OfflineAssistant implements Assistant {
  readonly kind = 'offline' as const;

  reply(turn: AssistantTurn, onDelta?: (text: string) => void): Promise<string> {
    const text = composeOfflineReply(turn.message, turn.facts);
    if (onDelta) {
      // Stream word by word so the widget behaves the same as with Gemini.
      for (const piece of text.match(/\S+\s*/g) ?? [text]) onDelta(piece);
    }
    return Promise.resolve(text);
  }
}
