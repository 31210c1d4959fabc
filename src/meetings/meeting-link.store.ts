/**
 * The visitor's meeting links (`PUBLIC_URL/meetings/<token>`) on disk, the embedded engine of
 * MeetingLinkRepository (store/meeting-link.repository.ts): the token's SHA-256 as a file
 * DATA_DIR/meeting-links/<ab>/<hash> naming the lead, written atomically like the leads themselves, so links
 * survive restarts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import {
  lookupHashOf,
  newMeetingLink,
  type IssuedLink,
  type MeetingLinkRepository,
} from '../store/meeting-link.repository.js';

interface LinkFile {
  lead_id: string;
  created_at: string;
}

export class MeetingLinkStore implements MeetingLinkRepository {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'meeting-links');
  }

  private fileOf(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), `${hash}.json`);
  }

  async issue(leadId: string, now: Date): Promise<IssuedLink> {
    const link = newMeetingLink();
    const file = this.fileOf(link.hash);
    try {
      await makePrivateDir(path.dirname(file));
    } catch (err) {
      throw toStorageError(err);
    }
    const content: LinkFile = { lead_id: leadId, created_at: now.toISOString() };
    await writeFileAtomic(file, JSON.stringify(content));
    return link;
  }

  async find(token: string): Promise<{ leadId: string; hash: string } | undefined> {
    const hash = lookupHashOf(token);
    if (!hash) return undefined;
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
