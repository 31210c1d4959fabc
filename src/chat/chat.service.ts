/**
 * One chat turn, as a story: load the conversation, capture what the visitor told us, let the meeting
 * logic decide, ask the assistant (Gemini or offline), save the turn, log it.
 */
import { randomUUID } from 'node:crypto';
import { askedDetailOf } from '../capture/asked-detail.js';
import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { CONTACT_FIELDS, type Assistant, type TokenUsage, type TurnFacts } from '../llm/assistant.types.js';
import type { TurnUsage } from '../llm/token-usage.store.js';
import type { LeadService } from '../leads/lead.service.js';
import { emptyDetails, type ContactDetails, type Lead, type LeadMeeting } from '../leads/lead.types.js';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import type { MeetingService } from '../meetings/meeting.service.js';
import type { SettingsSource } from '../settings/settings.service.js';
import { buildPromptLayout } from './prompt-layout.js';
import { missingFacts } from './reply-facts.js';
import type { ChatMessage, SessionSnapshot, SessionStore } from './session.store.js';
import type { SystemInstructionStore } from './system-instruction.store.js';
import { visitorZoneOf } from './visitor-zone.js';

export const FALLBACK_REPLY =
  "Sorry, I'm having trouble answering right now. Your message is saved and the team will see it; please try again in a moment.";

export interface ChatTurnInput {
  clientId: string | undefined;
  content: string;
  email?: string | undefined;
  phone?: string | undefined;
  /** The visitor's IANA zone, as the browser reports it. */
  timezone?: string | undefined;
}

export interface ChatTurnResult {
  client_id: string;
  reply: string;
  lead: Lead | null;
  meeting: LeadMeeting | null;
}

export interface ChatServiceDeps {
  config: Config;
  logger: Logger;
  sessions: SessionStore;
  logs: ConversationLogRepository;
  instructions: SystemInstructionStore;
  assistant: Assistant;
  /** The business profile and meeting rules in force (saved settings over the file and environment). */
  settings: SettingsSource;
  leads: LeadService;
  meetings: MeetingService;
  now: () => Date;
}

/** A conversation read started before the turn (see conversation-read-ahead.ts). */
export interface PrefetchedSession {
  clientId: string;
  session: Promise<SessionSnapshot>;
}

/** The assistant's last reply in the conversation, if any. */
function lastReply(history: ChatMessage[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]?.role === 'model') return history[i]?.text;
  return undefined;
}

/** What the visitor wrote before this turn, oldest first (the assistant's replies are not theirs). */
function visitorMessages(history: ChatMessage[]): string[] {
  const messages: string[] = [];
  for (const m of history) if (m.role === 'user') messages.push(m.text);
  return messages;
}

function newClientId(): string {
  return randomUUID();
}

export class ChatService {
  /** The business clock of the last turn's minute (see clockAt). */
  private clock: { minute: number; zone: string; now: DateTime; day: string } | undefined;

  constructor(private readonly deps: ChatServiceDeps) {}

  /**
   * The business clock at `at`, to the minute: all a turn reads from it is the minute (the prompt's clock line)
   * and the day (its token usage), so turns of the same minute share one; building a zoned DateTime was ~0.7%
   * of a turn's CPU (test/bench/profile-chat.ts). Offsets change on whole minutes, so the minute is exact.
   */
  private clockAt(at: Date, zone: string): { now: DateTime; day: string } {
    const minute = Math.floor(at.getTime() / 60_000);
    if (this.clock?.minute !== minute || this.clock.zone !== zone) {
      const now = DateTime.fromJSDate(at, { zone });
      this.clock = { minute, zone, now, day: now.toISODate() ?? '' };
    }
    return this.clock;
  }

  /** Starts reading a conversation; a turn of that client given it uses it instead of reading again. */
  prefetch(clientId: string): PrefetchedSession {
    const session = this.deps.sessions.loadTurn(clientId);
    session.catch(() => undefined); // the turn awaits it; a request refused before its turn never does
    return { clientId, session };
  }

  async handleTurn(
    input: ChatTurnInput,
    onDelta?: (text: string) => void,
    prefetched?: PrefetchedSession,
  ): Promise<ChatTurnResult> {
    const { sessions, instructions } = this.deps;
    const clientId = input.clientId ?? newClientId();
    const message = input.content.trim();

    // The settings' version check runs beside the conversation read: a save on any instance is used from the
    // next turn on, at the cost of no extra wait (npm run bench:settings).
    const checking = this.deps.settings.current();
    checking.catch(() => undefined); // awaited below; a failed session read must not leave it unobserved
    // Redis first: if it is down the visitor gets a fast 503 and nothing is written anywhere.
    const session = await (prefetched?.clientId === clientId ? prefetched.session : sessions.loadTurn(clientId));
    const { history } = session;
    const { profile, bookingRules, meetings: meetingRules } = await checking;
    const lastAsked = askedDetailOf(lastReply(history), profile);
    const capture = await this.deps.leads.captureFromChat(
      clientId,
      message,
      { ...(input.email ? { email: input.email } : {}), ...(input.phone ? { phone: input.phone } : {}) },
      lastAsked,
      visitorMessages(history),
    );
    const captured = capture.record ? this.deps.leads.visitorView(capture.record, { clientId }) : null;
    const visitorZone = await visitorZoneOf(sessions, clientId, input.timezone, session);
    const booking = await this.deps.meetings.handleChatTurn(
      clientId,
      message,
      captured ?? emptyDetails(),
      capture.captured.includes('email'),
      session,
      visitorZone,
    );
    // A booking returns the lead it changed; otherwise the view made above stands.
    const lead = booking.record ? this.deps.leads.visitorView(booking.record, { clientId }) : captured;
    const visitor: ContactDetails = lead ?? emptyDetails();
    const clock = this.clockAt(this.deps.now(), meetingRules.timezone);
    const facts: TurnFacts = {
      now: clock.now,
      profile,
      visitor,
      missing: CONTACT_FIELDS.filter((f) => !visitor[f]),
      captured: capture.captured,
      capturedFields: capture.capturedFields ?? [],
      meeting: booking.outcome,
      firstTurn: history.length === 0,
      missingQualification: profile.qualification.filter((q) => !visitor.fields[q.label]),
      unreadPhone: capture.unreadPhone === true,
    };
    const prompt = buildPromptLayout({
      instruction: await instructions.read(),
      profile,
      rules: bookingRules,
      history,
      message,
      facts,
    });

    const { reply, fallback, usage } = await this.askAssistant({ prompt, history, message, facts }, onDelta);
    await this.saveTurn(clientId, message, reply, fallback, usage && { usage, day: clock.day });
    return { client_id: clientId, reply, lead, meeting: booking.meeting };
  }

  /** Clears the conversation memory; the lead and the log stay. */
  async resetConversation(clientId: string): Promise<void> {
    await this.deps.sessions.clear(clientId);
  }

  private async askAssistant(
    turn: Parameters<Assistant['reply']>[0],
    onDelta?: (text: string) => void,
  ): Promise<{ reply: string; fallback: boolean; usage?: TokenUsage | undefined }> {
    let worded: { reply: string; fallback: boolean; usage?: TokenUsage | undefined };
    try {
      let usage: TokenUsage | undefined;
      const reply = await this.deps.assistant.reply(turn, onDelta, (u) => (usage = u));
      worded = { reply, fallback: false, usage };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'llm_unavailable') throw err;
      onDelta?.(FALLBACK_REPLY);
      worded = { reply: FALLBACK_REPLY, fallback: true };
    }
    // What the server decided reaches the visitor even when the words leave it out (or the LLM failed).
    const addition = missingFacts(worded.reply, turn.facts.meeting);
    if (!addition) return worded;
    onDelta?.(`\n\n${addition}`);
    return { ...worded, reply: `${worded.reply}\n\n${addition}` };
  }

  private async saveTurn(
    clientId: string,
    message: string,
    reply: string,
    fallback: boolean,
    usage: TurnUsage | undefined,
  ): Promise<void> {
    const at = this.deps.now();
    const stamp = at.toISOString();
    const messages: ChatMessage[] = [{ role: 'user', text: message, at: stamp }];
    // A fallback apology is not part of the conversation the LLM should continue from.
    if (!fallback) messages.push({ role: 'model', text: reply, at: stamp });
    await this.deps.sessions.appendMessages(clientId, messages, usage);
    // Awaited, so the turn ends once its log line is stored: with several instances the admin may read the
    // transcript on another one right after the reply (a file append costs microseconds, PostgreSQL one
    // INSERT). A failed log write must not fail the visitor's chat.
    await this.deps.logs
      .appendMany(clientId, [
        { role: 'user', text: message, at },
        { role: 'model', text: reply, at },
      ])
      .catch((err: unknown) =>
        this.deps.logger.error({ err: (err as Error).message, clientId }, 'conversation log write failed'),
      );
  }
}
