/**
 * Where visitors' meeting links are kept, whatever the engine: files under DATA_DIR
 * (meetings/meeting-link.store.ts, one instance) or PostgreSQL (store/postgres/meeting-link.repository.pg.ts,
 * any number of instances). Both pass test/store/meeting-link.contract.ts.
 *
 * A token is 256 random bits, shown once (in the confirmation) and never stored: an engine keeps its SHA-256
 * naming the lead. The lead records the hashes valid for its current meeting (meetings/meeting-access.ts), so
 * a token opens exactly that one meeting.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface IssuedLink {
  token: string;
  hash: string;
}

export interface MeetingLinkRepository {
  /** A new token for a meeting of `leadId`; durable once this returns. */
  issue(leadId: string, now: Date): Promise<IssuedLink>;
  /** The lead a token was issued for, with the token's hash; undefined for anything else. */
  find(token: string): Promise<{ leadId: string; hash: string } | undefined>;
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function hashOfToken(token: string): string {
  return createHash('sha256').update(`meeting-link:${token}`).digest('hex');
}

/** A fresh token and its hash. */
export function newMeetingLink(): IssuedLink {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOfToken(token) };
}

/** The hash to look a token up by, or undefined for a string that cannot be a token. */
export function lookupHashOf(token: string): string | undefined {
  return TOKEN_RE.test(token) ? hashOfToken(token) : undefined;
}
