/** The embedded engine's file: private (0600, it holds password hashes), whole after every write. */
import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  EmbeddedStaffAccountRepository,
  STAFF_ACCOUNTS_FILENAME,
} from '../../src/store/embedded/staff-account.repository.embedded.js';
import { makeDataDir } from '../helpers/harness.js';

describe('staff accounts file (embedded engine)', () => {
  it('is one 0600 JSON file under DATA_DIR, read again after a restart', async () => {
    const dataDir = makeDataDir();
    const store = new EmbeddedStaffAccountRepository(dataDir);
    const at = new Date().toISOString();
    await store.create({
      id: 'a'.repeat(32),
      email: 'Owner@Example.com',
      name: 'Owner',
      role: 'admin',
      password_hash: '$scrypt$x',
      created_at: at,
      updated_at: at,
      disabled_at: null,
    });
    const file = path.join(dataDir, STAFF_ACCOUNTS_FILENAME);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const content = JSON.parse(readFileSync(file, 'utf8')) as { version: number; accounts: Array<{ email: string }> };
    assert.equal(content.version, 1);
    assert.deepEqual(
      content.accounts.map((a) => a.email),
      ['owner@example.com'],
    );
    const restarted = new EmbeddedStaffAccountRepository(dataDir);
    assert.equal((await restarted.findByEmail('OWNER@example.com'))?.name, 'Owner');
  });
});
