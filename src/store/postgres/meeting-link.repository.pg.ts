/** Visitors' meeting links in PostgreSQL (`meeting_links`, migration 0002): the token's hash naming the lead. */
import { query, type Pool } from '../../infra/postgres.client.js';
import {
  lookupHashOf,
  newMeetingLink,
  type IssuedLink,
  type MeetingLinkRepository,
} from '../meeting-link.repository.js';

export class PostgresMeetingLinkRepository implements MeetingLinkRepository {
  constructor(private readonly pool: Pool) {}

  async issue(leadId: string, now: Date): Promise<IssuedLink> {
    const link = newMeetingLink();
    await query(this.pool, 'INSERT INTO meeting_links (hash, lead_id, created_at) VALUES ($1, $2, $3)', [
      link.hash,
      leadId,
      now.toISOString(),
    ]);
    return link;
  }

  async find(token: string): Promise<{ leadId: string; hash: string } | undefined> {
    const hash = lookupHashOf(token);
    if (!hash) return undefined;
    const rows = await query<{ lead_id: string }>(this.pool, 'SELECT lead_id FROM meeting_links WHERE hash = $1', [
      hash,
    ]);
    const leadId = rows[0]?.lead_id;
    return leadId === undefined ? undefined : { leadId, hash };
  }
}
