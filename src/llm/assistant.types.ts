/** What every assistant (Gemini or the offline one) gets for a turn and must produce. */
import type { DateTime } from 'luxon';
import type { BusinessProfile } from '../business/business-profile.js';
import type { ChatMessage } from '../chat/session.store.js';
import type { ContactDetails } from '../leads/lead.types.js';

/** The contact details every lead has, in the order the assistant asks for them. */
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/**
 * What the meeting logic decided this turn; the assistant words it, it never decides it. `manageUrl` is the
 * visitor's meeting page (cancel, choose another time) of a confirmed meeting.
 */
export type MeetingOutcome =
  | { kind: 'need_time'; suggestions?: string[] }
  | { kind: 'need_email'; when: string }
  | { kind: 'proposed'; when: string }
  | { kind: 'booked'; when: string; meetLink: string | null; manageUrl?: string | null }
  | { kind: 'already_booked'; when: string; meetLink: string | null; manageUrl?: string | null }
  | { kind: 'requested'; when: string; manageUrl?: string | null }
  | { kind: 'declined' }
  | { kind: 'unavailable'; reason: 'past' | 'outside_hours' | 'busy'; alternatives: string[] };

export interface TurnFacts {
  now: DateTime;
  profile: BusinessProfile;
  /** The visitor's own view of their lead: only what they gave in this conversation. */
  visitor: ContactDetails;
  missing: ContactField[];
  /** Contact fields captured from this very message. */
  captured: ContactField[];
  /** Labels of custom fields (qualification answers) captured from this very message. */
  capturedFields: string[];
  meeting: MeetingOutcome | undefined;
  /** True on the first turn of the conversation. */
  firstTurn: boolean;
  /** Qualification questions (from the business profile) not answered yet, in order. */
  missingQualification: Array<{ label: string; question: string }>;
  /** The visitor gave a phone number that could not be read without a country code. */
  unreadPhone: boolean;
}

export interface AssistantTurn {
  systemInstruction: string;
  /** Per-turn context for the LLM: date and time, business, visitor details, what is missing, meeting state. */
  context: string;
  history: ChatMessage[];
  message: string;
  facts: TurnFacts;
}

export interface Assistant {
  readonly kind: 'gemini' | 'offline';
  /** Returns the whole reply; calls `onDelta` with each piece as it arrives. */
  reply(turn: AssistantTurn, onDelta?: (text: string) => void): Promise<string>;
}
