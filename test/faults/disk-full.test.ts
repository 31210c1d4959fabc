/**
 * The disk filling up while leads are written: DATA_DIR on a tiny tmpfs of its own, filled to the last
 * byte. Writes answer 503 storage_unavailable in the envelope, earlier leads stay intact, no temp file
 * is left behind, and writes work again once space is freed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { ADMIN_KEY, getJson, makeDataDir, postJson, startHarness, type Harness } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';

const auth = { 'x-api-key': ADMIN_KEY };

interface LeadData {
  lead: { id: string; name: string; email: string; notes: string | null; updated_at: string };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Fills the file system holding `dir` until a write fails with ENOSPC; returns the filler's path. */
function fill(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (let i = 0; i < 10_000; i++) {
      try {
        writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        break;
      }
    }
    // Top up the last partial block byte-page by page.
    for (let i = 0; i < 100; i++) {
      try {
        writeSync(fd, Buffer.alloc(1024, 1));
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  const fs = statfsSync(dir);
  assert.equal(fs.bavail, 0, 'the file system is full');
  return filler;
}

describe('disk full while writing leads (DATA_DIR on a 2 MB tmpfs)', () => {
  let redis: TestRedis;
  let h: Harness;
  const dataDir = makeDataDir();
  let mounted = false;

  before(async () => {
    redis = await startTestRedis();
    // We run as root in CI; the mount is ours alone and removed in after().
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dataDir]);
    mounted = true;
    h = await startHarness(redis.url, {}, {}, dataDir);
  });
  after(async () => {
    await h.close();
    await redis.stop();
    if (mounted) execFileSync('umount', [dataDir]);
  });

  /** The widget's contact form of one visitor, with a name and an email. */
  const saveForm = (name: string, email: string) =>
    postJson(`${h.url}/gemini/save-info`, { client_id: 'disk-visitor-2', name, email });

  it('answers 503 storage_unavailable, keeps earlier leads intact, leaves no temp file, and recovers', async () => {
    const earlier: LeadData['lead'][] = [];
    for (let i = 0; i < 5; i++) {
      const r = await postJson<LeadData>(
        `${h.url}/leads`,
        { name: `Before Full ${i}`, email: `before-${i}@example.com`, notes: 'x'.repeat(2000) },
        auth,
      );
      assert.equal(r.status, 201);
      earlier.push(r.body.data.lead);
    }
    const visitor = await postJson<LeadData>(`${h.url}/gemini/save-info`, {
      client_id: 'disk-visitor-1',
      name: 'Form Before',
      email: 'form-before@example.com',
    });
    assert.equal(visitor.status, 200);

    const filler = fill(dataDir);

    const create = await postJson<null>(`${h.url}/leads`, { name: 'Too Late', email: 'too-late@example.com' }, auth);
    assert.equal(create.status, 503);
    assert.equal(create.body.status, 'error');
    assert.equal(create.body.data, null);
    assert.match(create.body.message, /out of disk space/i);
    assert.doesNotMatch(create.body.message, /ENOSPC|\/tmp\/|\.tmp/, 'no internals in the message');
    assert.ok(create.headers.get('retry-after'));

    const first = earlier[0];
    assert.ok(first);
    const update = await postJson(`${h.url}/leads/${first.id}`, { notes: 'y'.repeat(5000) }, auth);
    assert.equal(update.status, 503, 'an update that cannot be written fails');
    const form = await saveForm('Form During', 'form-during@example.com');
    assert.equal(form.status, 503);
    assert.equal(form.body.status, 'error');

    // Nothing changed: the failed create is not listed, the failed update not applied.
    const list = await getJson<{ leads: Array<{ id: string }>; total: number }>(`${h.url}/leads?limit=500`, auth);
    assert.equal(list.body.data.total, 6);
    const current = await getJson<LeadData>(`${h.url}/leads/${first.id}`, auth);
    assert.deepEqual(current.body.data.lead, first);
    assert.deepEqual(
      allFiles(path.join(dataDir, 'leads')).filter((f) => !f.endsWith('.json')),
      [],
      'no temp files left behind',
    );

    unlinkSync(filler);
    const again = await postJson<LeadData>(
      `${h.url}/leads`,
      { name: 'After Space', email: 'after-space@example.com' },
      auth,
    );
    assert.equal(again.status, 201, 'writes work again once space is freed');
    assert.equal((await saveForm('Form After', 'form-after@example.com')).status, 200);

    // As a restarted server reads them: every earlier lead, byte for byte.
    await h.close();
    h = await startHarness(redis.url, {}, {}, dataDir);
    for (const lead of earlier) {
      const r = await getJson<LeadData>(`${h.url}/leads/${lead.id}`, auth);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data.lead, lead);
    }
    const store = await LeadStore.open(dataDir, createLogger('silent'));
    assert.equal(store.size, 8);
    assert.ok(!allFiles(path.join(dataDir, 'leads')).some((f) => f.endsWith('.corrupt')), 'no file was torn');
  });
});
