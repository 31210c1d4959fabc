/**
 * The prompt of a turn, in the order that lets a provider's prompt cache discount it (Gemini's implicit
 * caching, OpenAI's prompt caching: both match the longest prefix seen before): first what never changes
 * between turns (the system instruction, the business profile, the booking rules), then the history, then
 * this turn's facts (clock, visitor details, meeting state) in the last visitor message. The clock or a
 * detail inside the system instruction would change its bytes every turn and no prefix would repeat.
 * Only this visitor's own details go in.
 */
import type { BusinessProfile } from '../business/business-profile.js';
import { describeBusiness } from '../business/business-profile.js';
import type { MeetingOutcome, PromptLayout, PromptMessage, TurnFacts } from '../llm/assistant.types.js';
import type { ChatMessage } from './session.store.js';

/** The booking rules that hold for every turn (built by settings.service.ts, one object per settings version). */
export interface BookingRules {
  hoursText: string;
  meetingMinutes: number;
  timezone: string;
}

/** The visitor's meeting page, for the LLM to give with the confirmation. */
function manageHint(url: string | null | undefined): string {
  return url ? ` Give this link, where the visitor can cancel or choose another time: ${url}` : '';
}

function describeMeeting(outcome: MeetingOutcome): string {
  switch (outcome.kind) {
    case 'need_time':
      return `The visitor wants a meeting but gave no exact time we could read. Ask which day and time suit them.${outcome.suggestions?.length ? ` Free times you may offer: ${outcome.suggestions.join('; ')}.` : ''} Do not suggest that anything is booked.`;
    case 'need_email':
      return `The visitor asked for a meeting at ${outcome.when}. Before booking we need their email address: ask for it.`;
    case 'proposed':
      return `Proposed meeting: ${outcome.when}. Ask the visitor to confirm this exact time with a yes. It is NOT booked yet.`;
    case 'booked':
      return `The meeting was just booked for ${outcome.when}.${outcome.meetLink ? ` Google Meet link: ${outcome.meetLink}.` : ''} Confirm it and give the link; an invitation was emailed.${manageHint(outcome.manageUrl)}`;
    case 'already_booked':
      return `The meeting is already booked for ${outcome.when}.${outcome.meetLink ? ` Google Meet link: ${outcome.meetLink}.` : ''} Nothing new was booked.${manageHint(outcome.manageUrl)}`;
    case 'requested':
      return `The visitor asked for a meeting at ${outcome.when}; it could not be booked automatically, so the request was passed to the team, who will confirm by email. Tell them so; do not say it is booked.${manageHint(outcome.manageUrl)}`;
    case 'already_requested':
      return `The visitor's request for a meeting at ${outcome.when} is already with the team, who will confirm it by email. Nothing new was requested; another time is chosen on the visitor's meeting page.${manageHint(outcome.manageUrl)}`;
    case 'declined':
      return 'The visitor did not confirm the proposed meeting; nothing was booked. Ask if another time suits them.';
    case 'unavailable':
      return `The requested time cannot be booked (${outcome.reason === 'past' ? 'it is in the past' : outcome.reason === 'busy' ? 'the calendar is busy then' : 'it is outside meeting hours'}).${outcome.alternatives.length > 0 ? ` Offer these free times instead: ${outcome.alternatives.join('; ')}.` : ' Ask for another time.'}`;
  }
}

/** Opens the turn's facts in the last visitor message; the visitor's words follow the closing line. */
export const FACTS_HEADER =
  '--- Context for this reply (from the server, not from the visitor; do not repeat it verbatim) ---';
const FACTS_FOOTER = "--- End of context. The visitor's message follows. ---";

/** The stable prefix: the instruction, then the business and its booking rules (no clock, nothing per visitor). */
function writeSystem(instruction: string, profile: BusinessProfile, rules: BookingRules): string {
  return [
    instruction.trim(),
    '',
    '--- The business you speak for ---',
    describeBusiness(profile),
    '',
    `Meetings can be booked ${rules.hoursText} (${rules.timezone}), ${rules.meetingMinutes} minutes each, over Google Meet.`,
    'Each visitor message starts with a context block from the server (the date and time, what this visitor has told you, what is missing, the state of a meeting): rely on it, it is current.',
  ].join('\n');
}

/** The last system text built, per profile: the instruction rarely changes, so most turns reuse the string. */
const lastSystem = new WeakMap<BusinessProfile, { instruction: string; rules: BookingRules; text: string }>();

export function buildSystemPrefix(instruction: string, profile: BusinessProfile, rules: BookingRules): string {
  const last = lastSystem.get(profile);
  if (last && last.instruction === instruction && last.rules === rules) return last.text;
  const text = writeSystem(instruction, profile, rules);
  lastSystem.set(profile, { instruction, rules, text });
  return text;
}

/** The last clock line written: it only changes once a minute, and luxon's toFormat was ~1% of a turn's CPU. */
let lastClock: { key: string; line: string } | undefined;

/** The clock line of the facts, to the minute in the business zone. */
function clockLine(now: TurnFacts['now']): string {
  // The local minute (UTC milliseconds plus the zone's offset), so a zone with an odd offset is exact too.
  const key = `${now.zoneName}|${now.locale}|${Math.floor((now.toMillis() + now.offset * 60_000) / 60_000)}`;
  if (lastClock?.key !== key) {
    lastClock = { key, line: `Current date and time: ${now.toFormat('cccc, d LLLL yyyy, HH:mm')} (${now.zoneName}).` };
  }
  return lastClock.line;
}

const detailLine = (label: string, value: string | null) => `- ${label}: ${value ?? '(not given yet)'}`;

/** This turn's facts: the clock, the visitor's own details, what to ask next, the meeting state. */
export function buildTurnFacts(facts: TurnFacts): string {
  const { now, visitor, missing } = facts;
  const lines: string[] = [FACTS_HEADER, clockLine(now), 'What this visitor has told you in this conversation:'];
  lines.push(
    detailLine('name', visitor.name),
    detailLine('email', visitor.email),
    detailLine('phone', visitor.phone),
    detailLine('company', visitor.company),
  );
  for (const label in visitor.fields) lines.push(`- ${label}: ${visitor.fields[label]}`);
  lines.push(
    missing.length > 0
      ? `Still missing: ${missing.join(', ')}. If it fits naturally, ask for the first of them only (one detail per reply).`
      : 'All contact details are known; do not ask for them again.',
  );
  if (facts.unreadPhone) {
    lines.push(
      'The visitor gave a phone number without a country code, which could not be read: ask for it again with the country code (for example +44 ...).',
    );
  }
  const question = facts.missingQualification[0];
  if (missing.length === 0 && question) {
    lines.push(`Next, ask exactly this question (one at a time): "${question.question}"`);
  }
  if (facts.meeting) lines.push(`Meeting: ${describeMeeting(facts.meeting)}`);
  lines.push(FACTS_FOOTER);
  return lines.join('\n');
}

/**
 * The history as alternating messages, the visitor's first (what Gemini requires and strict chat templates
 * of local models too): runs of one role are merged (a turn that got the fallback saved only the visitor's
 * words), a leading reply is dropped. The last message is the visitor's: the turn's facts, then their words.
 */
function alternate(history: ChatMessage[], facts: string, message: string): PromptMessage[] {
  const messages: PromptMessage[] = [];
  const push = (role: PromptMessage['role'], text: string) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.texts.push(text);
    else if (role === 'user' || messages.length > 0) messages.push({ role, texts: [text] });
  };
  for (const m of history) push(m.role, m.text);
  push('user', facts);
  push('user', message);
  return messages;
}

export interface PromptInput {
  instruction: string;
  profile: BusinessProfile;
  rules: BookingRules;
  history: ChatMessage[];
  message: string;
  facts: TurnFacts;
}

export function buildPromptLayout(input: PromptInput): PromptLayout {
  return {
    system: buildSystemPrefix(input.instruction, input.profile, input.rules),
    messages: alternate(input.history, buildTurnFacts(input.facts), input.message),
  };
}
