/** What every SettingsRepository engine must do (run by durable-stores.*.test.ts). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openSettings } from '../../src/store/durable-stores.js';
import { describeStoreContract, type DurableStoresEngine } from './durable-stores.engines.js';

const WIDGET = { title: 'Chat', subtitle: 'Online', greeting: 'Hi', accent: '#112233', position: 'left' as const };
const MEETINGS = { business_hours: 'Mon-Fri 08:00-12:00', timezone: 'Europe/Berlin', duration_minutes: 20 };
const AT = new Date('2026-03-10T09:00:00Z');

export function describeSettingsContract(engine: DurableStoresEngine): void {
  describeStoreContract('SettingsRepository', engine, openSettings, (stores) => {
    it('holds nothing at first: version 0, no sections, and version 0 reads as unchanged', async () => {
      assert.deepEqual(await stores.here.load(), { version: 0, values: {}, saved_at: null, saved_by: null });
      assert.equal(await stores.here.load(0), 'unchanged');
    });

    it('saves a new version, seen here and elsewhere (another instance, or after a restart)', async () => {
      const saved = await stores.here.update((current) => ({ ...current, widget: WIDGET }), 'ana@example.com', AT);
      assert.deepEqual(saved, {
        version: 1,
        values: { widget: WIDGET },
        saved_at: AT.toISOString(),
        saved_by: 'ana@example.com',
      });
      assert.deepEqual(await stores.here.load(), saved);
      const other = stores.elsewhere();
      assert.deepEqual(await other.load(), saved);
      assert.deepEqual(await other.load(0), saved);
      assert.equal(await other.load(1), 'unchanged');
    });

    it('applies each update to the one before it: sections saved at once are all kept', async () => {
      // Embedded: one process per DATA_DIR (it holds the folder's lock), so its saves all go through one store.
      const other = engine.shared ? stores.elsewhere() : stores.here;
      await Promise.all([
        stores.here.update((current) => ({ ...current, widget: WIDGET }), 'a', AT),
        other.update((current) => ({ ...current, meetings: MEETINGS }), 'b', AT),
        stores.here.update((current) => ({ ...current, meetings: { ...MEETINGS, duration_minutes: 25 } }), 'c', AT),
      ]);
      const last = await stores.elsewhere().load();
      assert.ok(last !== 'unchanged');
      assert.equal(last.version, 3);
      assert.deepEqual(last.values.widget, WIDGET);
      assert.ok(last.values.meetings);
    });

    it('removes a section when the change leaves it out', async () => {
      await stores.here.update(() => ({ widget: WIDGET, meetings: MEETINGS }), 'a', AT);
      const after = await stores.here.update(({ meetings }) => ({ ...(meetings ? { meetings } : {}) }), 'a', AT);
      assert.deepEqual(after.values, { meetings: MEETINGS });
      const seen = await stores.elsewhere().load();
      assert.ok(seen !== 'unchanged');
      assert.deepEqual(seen.values, { meetings: MEETINGS });
    });
  });
}
