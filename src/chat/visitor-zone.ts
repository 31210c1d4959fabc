/**
 * The visitor's IANA zone (the widget sends the browser's with each message): kept in the conversation's
 * state so later turns, and API callers that send it once, still have it.
 */
import type { SessionSnapshot, SessionStore } from './session.store.js';

const FIELD = 'visitor_zone';

/** The zone for this turn: the one sent now (remembered when new), else the one remembered. */
export async function visitorZoneOf(
  sessions: SessionStore,
  clientId: string,
  sent: string | undefined,
  session: SessionSnapshot,
): Promise<string | undefined> {
  const remembered = await sessions.getState<string>(clientId, FIELD, session);
  if (sent && sent !== remembered) await sessions.setState(clientId, FIELD, sent);
  return sent ?? remembered;
}
