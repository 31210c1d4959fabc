/** The per-turn context the LLM gets beside the system instruction. Only this visitor's own details go in. */
import { describeBusiness } from '../business/business-profile.js';
import type { MeetingOutcome, TurnFacts } from '../llm/assistant.types.js';

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
    case 'declined':
      return 'The visitor did not confirm the proposed meeting; nothing was booked. Ask if another time suits them.';
    case 'unavailable':
      return `The requested time cannot be booked (${outcome.reason === 'past' ? 'it is in the past' : outcome.reason === 'busy' ? 'the calendar is busy then' : 'it is outside meeting hours'}).${outcome.alternatives.length > 0 ? ` Offer these free times instead: ${outcome.alternatives.join('; ')}.` : ' Ask for another time.'}`;
  }
}

export function buildPromptContext(facts: TurnFacts, hours: { text: string; meetingMinutes: number }): string {
  const { now, visitor, missing } = facts;
  const lines: string[] = [
    '--- Context for this reply (from the server; do not repeat it verbatim) ---',
    `Current date and time: ${now.toFormat('cccc, d LLLL yyyy, HH:mm')} (${now.zoneName}).`,
    `Meetings can be booked ${hours.text} (${now.zoneName}), ${hours.meetingMinutes} minutes each, over Google Meet.`,
    '',
    describeBusiness(facts.profile),
    '',
    'What this visitor has told you in this conversation:',
  ];
  const known: Array<[string, string | null]> = [
    ['name', visitor.name],
    ['email', visitor.email],
    ['phone', visitor.phone],
    ['company', visitor.company],
  ];
  for (const [label, value] of known) lines.push(`- ${label}: ${value ?? '(not given yet)'}`);
  for (const [label, value] of Object.entries(visitor.fields)) lines.push(`- ${label}: ${value}`);
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
  if (facts.meeting) lines.push('', `Meeting: ${describeMeeting(facts.meeting)}`);
  return lines.join('\n');
}
