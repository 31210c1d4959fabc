/**
 * What every GoogleTokenRepository engine must do (run by durable-stores.*.test.ts): the calendar grant kept,
 * replaced and removed; with PostgreSQL also connected once and seen by every instance.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openGoogleTokens } from '../../src/store/durable-stores.js';
import type { StoredTokens } from '../../src/store/google-token.repository.js';
import { describeStoreContract, logger, type DurableStoresEngine } from './durable-stores.engines.js';

const GRANT: StoredTokens = {
  access_token: 'ya29.first',
  refresh_token: '1//refresh-first',
  scope: 'https://www.googleapis.com/auth/calendar.events',
  token_type: 'Bearer',
  expiry_date: 1_900_000_000_000,
};

export function describeGoogleTokenContract(engine: DurableStoresEngine): void {
  describeStoreContract(
    'GoogleTokenRepository',
    engine,
    (where) => openGoogleTokens(where, logger),
    (stores) => {
      const tokens = () => stores.here;
      const other = () => stores.elsewhere();

      it('keeps the grant it is given, replaces it, and forgets it', async () => {
        assert.equal(await tokens().load(), undefined);
        await tokens().save(GRANT);
        assert.deepEqual(await tokens().load(), GRANT);
        assert.deepEqual(await other().load(), GRANT);
        const refreshed = { ...GRANT, access_token: 'ya29.second', expiry_date: 1_900_000_360_000 };
        await tokens().save(refreshed);
        assert.deepEqual(await tokens().load(), refreshed);
        assert.deepEqual(await other().load(), refreshed);
        await tokens().remove();
        assert.equal(await tokens().load(), undefined);
        assert.equal(await other().load(), undefined);
        await tokens().remove(); // nothing to remove: still fine
      });

      it('keeps a grant it could not save for this process only, until the next save', async () => {
        await tokens().save(GRANT);
        assert.deepEqual(await tokens().load(), GRANT);
        const broken = { ...GRANT, invalid_grant_at: '2026-03-10T09:00:00.000Z' };
        tokens().keepInMemory(broken);
        assert.deepEqual(await tokens().load(), broken);
        assert.deepEqual(await other().load(), GRANT, 'not stored');
        const reconnected = { ...GRANT, refresh_token: '1//refresh-new' };
        await tokens().save(reconnected);
        assert.deepEqual(await tokens().load(), reconnected);
      });

      // Only an engine shared by instances has another instance to see (the embedded one refuses a second).
      if (engine.shared)
        it('sees what another instance connects, refreshes or disconnects', async () => {
          const b = other();
          assert.equal(await tokens().load(), undefined);
          await b.save(GRANT);
          assert.deepEqual(await tokens().load(), GRANT, 'connected once, used by all');
          // A broken grant this instance could not record gives way to the new grant saved elsewhere.
          tokens().keepInMemory({ ...GRANT, invalid_grant_at: '2026-03-10T09:00:00.000Z' });
          const reconnected = { ...GRANT, refresh_token: '1//refresh-new' };
          await b.save(reconnected);
          assert.deepEqual(await tokens().load(), reconnected);
          await b.remove();
          assert.equal(await tokens().load(), undefined);
        });
    },
  );
}
