/** The clean-shutdown index snapshot: used when it matches the files, never when a write came after it. */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore, newLeadId } from '../../src/leads/lead.store.js';
import type { LeadRecord } from '../../src/leads/lead.types.js';
import { makeDataDir } from '../helpers/harness.js';

const logger = createLogger('silent');

function lead(name: string): LeadRecord {
  const now = new Date().toISOString();
  return {
    id: newLeadId(),
    client_id: null,
    name,
    email: `${name.toLowerCase()}@example.com`,
    phone: null,
    company: null,
    fields: { Budget: '1k' },
    notes: null,
    status: 'new',
    follow_up_at: null,
    meeting: null,
    source: 'api',
    created_at: now,
    updated_at: now,
    conversations: {},
    meeting_client_id: null,
  };
}

/** A store in a new folder holding a lead for each name, its index snapshot saved (as a clean stop does). */
async function snapshotOf(...names: string[]): Promise<{ dir: string; store: LeadStore; saved: LeadRecord[] }> {
  const dir = makeDataDir();
  const store = await LeadStore.open(dir, logger);
  const saved = names.map(lead);
  for (const record of saved) await store.put(record);
  await store.saveSnapshot();
  return { dir, store, saved };
}

describe('lead index snapshot', () => {
  it('a clean stop writes it, the next start uses it once and deletes it', async () => {
    const { dir, saved } = await snapshotOf('Anna', 'Bob');
    const a = saved[0];
    const file = path.join(dir, 'leads', 'index.snapshot.json');
    assert.ok(existsSync(file));
    const again = await LeadStore.open(dir, logger);
    assert.equal(again.size, 2);
    assert.equal(again.findByEmail('anna@example.com')?.id, a?.id);
    assert.equal(again.list({ q: 'bob', limit: 10, offset: 0 }).total, 1);
    assert.equal(existsSync(file), false, 'deleted before serving: a crash from now on means a full read');
  });

  it('a write after the snapshot removes it', async () => {
    const { dir, store } = await snapshotOf('Cara');
    const updated = { ...lead('Dan') };
    await store.put(updated);
    assert.equal(existsSync(path.join(dir, 'leads', 'index.snapshot.json')), false);
    const again = await LeadStore.open(dir, logger);
    assert.equal(again.size, 2);
  });

  it('a snapshot that does not match the files on disk is ignored', async () => {
    const { dir, saved } = await snapshotOf('Eve', 'Finn');
    const gone = saved[0];
    assert.ok(gone);
    rmSync(path.join(dir, 'leads', gone.id.slice(0, 2), `${gone.id}.json`)); // e.g. a restore from an older backup
    const again = await LeadStore.open(dir, logger);
    assert.equal(again.size, 1);
    assert.equal(again.get(gone.id), undefined);
  });
});
