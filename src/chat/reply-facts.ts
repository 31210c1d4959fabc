/**
 * What the server decided this turn must reach the visitor whatever the LLM wrote: the time it proposes or
 * booked, the Meet link of a booking, the time of a request, the visitor's meeting page of either. When the
 * words lack one, a line in the business's voice says it. (The offline assistant always says them; this
 * guards an LLM's wording.)
 */
import type { MeetingOutcome } from '../llm/assistant.types.js';

/** The clock time of a spelled-out meeting time ("Tuesday, 5 May 2026 at 15:00 (Europe/Berlin)" -> "15:00"). */
function clockOf(when: string): string | undefined {
  return /\b\d{1,2}:\d{2}\b/.exec(when)?.[0];
}

/** A reply names the time when it holds the spelled time, or its day number and clock time. */
function namesTime(reply: string, when: string): boolean {
  if (reply.includes(when)) return true;
  const clock = clockOf(when);
  const day = /\b(\d{1,2}) [A-Z][a-z]+ \d{4}\b/.exec(when)?.[1];
  return clock !== undefined && reply.includes(clock) && (day === undefined || new RegExp(`\\b${day}\\b`).test(reply));
}

/** The visitor's meeting page, when the reply lacks it. */
function manageLine(reply: string, url: string | null | undefined): string {
  return url && !reply.includes(url) ? `To cancel or choose another time: ${url}` : '';
}

function joined(first: string, second: string): string {
  return second ? `${first} ${second}` : first;
}

/** The sentence to add to `reply` so that it carries what the server decided, or undefined when it does. */
export function missingFacts(reply: string, outcome: MeetingOutcome | undefined): string | undefined {
  if (!outcome) return undefined;
  switch (outcome.kind) {
    case 'proposed':
    case 'need_email':
      return namesTime(reply, outcome.when) ? undefined : `The time I can offer: ${outcome.when}.`;
    case 'requested':
    case 'already_requested': {
      const manage = manageLine(reply, outcome.manageUrl);
      if (namesTime(reply, outcome.when)) return manage || undefined;
      return joined(`Your request for ${outcome.when} is recorded; the team will confirm it by email.`, manage);
    }
    case 'booked':
    case 'already_booked': {
      const lacksTime = !namesTime(reply, outcome.when);
      const lacksLink = outcome.meetLink !== null && !reply.includes(outcome.meetLink);
      const manage = manageLine(reply, outcome.manageUrl);
      if (!lacksTime && !lacksLink) return manage || undefined;
      const link = outcome.meetLink ? ` Join with Google Meet: ${outcome.meetLink}` : '';
      return joined(`Your meeting is booked for ${outcome.when}.${link}`, manage);
    }
    default:
      return undefined;
  }
}
