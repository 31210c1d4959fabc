/**
 * The visitor's meeting links (`PUBLIC_URL/meetings/<token>`): a token is 256 random bits, shown once (in the
 * confirmation) and never stored; the server keeps its SHA-256, as a file DATA_DIR/meeting-links/<ab>/<hash>
 * naming the lead, written atomically like the leads themselves, so links survive restarts. The lead records
 * the hashes valid for its current meeting (MeetingAccess): a token opens exactly that one meeting.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

interface LinkFile {
  lead_id: string;
  created_at: string;
}

export interface IssuedLink {
  token: string;
  hash: string;
}

export function hashOfToken(token: string): string {
  return createHash('sha256').update(`meeting-link:${token}`).digest('hex');
}

export class MeetingLinkStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'meeting-links');
  }

  private fileOf(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), `${hash}.json`);
  }

  /** A new token for a meeting of `leadId`; durable once this returns. */
  async issue(leadId: string, now: Date): Promise<IssuedLink> {
    const token = randomBytes(32).toString('base64url');
    const hash = hashOfToken(token);
    const file = this.fileOf(hash);
    try {
      await makePrivateDir(path.dirname(file));
    } catch (err) {
      throw toStorageError(err);
    }
    const content: LinkFile = { lead_id: leadId, created_at: now.toISOString() };
    await writeFileAtomic(file, JSON.stringify(content));
    return { token, hash };
  }

  /** The lead a token was issued for, with the token's hash; undefined for anything else. */
  async find(token: string): Promise<{ leadId: string; hash: string } | undefined> {
    if (!TOKEN_RE.test(token)) return undefined;
    const hash = hashOfToken(token);
    let text: string;
    try {
      text = await readFile(this.fileOf(hash), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw toStorageError(err);
    }
    const link = JSON.parse(text) as Partial<LinkFile>;
    return typeof link.lead_id === 'string' ? { leadId: link.lead_id, hash } : undefined;
  }
}

/** The page a token opens. */
export function manageUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl}/meetings/${token}`;
}
