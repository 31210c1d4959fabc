/** Seeds lead files directly for the benches (no fsync: this is set-up, not the thing measured). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newLeadId } from '../../src/leads/lead.store.js';
import { LEAD_STATUSES, type LeadRecord } from '../../src/leads/lead.types.js';

/** Writes `count` realistic leads (a minute apart from 2026-01-01) under dataDir; returns their ids. */
export function seedLeadFiles(dataDir: string, count: number): string[] {
  const ids: string[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = newLeadId();
    ids.push(id);
    const at = new Date(base + i * 60_000).toISOString();
    const clientId = `seed-client-${i}`;
    const record: LeadRecord = {
      id,
      client_id: clientId,
      name: `Seed Person ${i}`,
      email: `seed${i}@example.com`,
      phone: `+9230${String(10_000_000 + i).padStart(8, '0')}`,
      company: `Company ${i % 500}`,
      fields: { Budget: `${(i % 50) + 1}k`, Website: `site${i}.example` },
      notes: i % 3 === 0 ? 'Interested in a website redesign' : null,
      status: LEAD_STATUSES[i % LEAD_STATUSES.length] ?? 'new',
      follow_up_at: null,
      meeting: null,
      source: 'chat',
      created_at: at,
      updated_at: at,
      conversations: {
        [clientId]: { name: `Seed Person ${i}`, email: `seed${i}@example.com`, phone: null, company: null, fields: {} },
      },
      meeting_client_id: null,
    };
    const dir = path.join(dataDir, 'leads', id.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(record));
  }
  return ids;
}
