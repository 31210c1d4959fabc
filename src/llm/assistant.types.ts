/** What every assistant (Gemini, an OpenAI-compatible endpoint or the offline one) gets for a turn and must produce. */
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
  /** A new time named while a request is with the team: it stands; another time is chosen on the meeting page. */
  | { kind: 'already_requested'; when: string; manageUrl?: string | null }
  | { kind: 'declined' }
  | { kind: 'unavailable'; reason: 'past' | 'outside_hours' | 'busy'; alternatives: string[] };

export interface TurnFacts {
  /** The business clock, to the minute (turns of one minute share it). */
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

/** One message of the prompt: the roles alternate, the visitor's first; a turn may hold several texts. */
export interface PromptMessage {
  role: 'user' | 'model';
  texts: string[];
}

/**
 * The prompt in the order every provider sends it (built once, provider-neutrally, in
 * src/chat/prompt-layout.ts), so that a provider's prompt cache can discount the part that repeats:
 * `system` (the instruction, the business profile and the booking rules) is byte-identical from turn to
 * turn; `messages` are the history, then a last visitor message that starts with this turn's facts
 * (clock, visitor details, meeting state) and ends with what the visitor wrote.
 */
export interface PromptLayout {
  system: string;
  messages: PromptMessage[];
}

export interface AssistantTurn {
  prompt: PromptLayout;
  history: ChatMessage[];
  message: string;
  facts: TurnFacts;
}

/** The tokens one reply cost, as the provider counted them (`cached` is the part of `prompt` read from its cache). */
export interface TokenUsage {
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

export interface Assistant {
  readonly kind: 'gemini' | 'openai' | 'offline';
  /**
   * Returns the whole reply; calls `onDelta` with each piece as it arrives, and `onUsage` with the tokens
   * the reply cost when the provider reports them (an LLM only; the offline assistant costs none).
   */
  reply(turn: AssistantTurn, onDelta?: (text: string) => void, onUsage?: (usage: TokenUsage) => void): Promise<string>;
}
