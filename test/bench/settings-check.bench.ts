/**
 * What the settings' version check costs a chat turn (npm run bench:settings): a real PostgreSQL and Redis,
 * the app with DATABASE_URL and the offline assistant. Measured in the same run: chat turns over HTTP, then
 * the check alone (SettingsRepository.load with the current version: the "unchanged" answer every turn gets),
 * then turns again right after saves (the first turn after a save reads and parses the document). The check
 * runs beside the conversation read (chat.service.ts), so it adds at most its own time to a turn.
 */
import { performance } from 'node:perf_hooks';
import { openSettings } from '../../src/store/durable-stores.js';
import { ADMIN_KEY, postJson, startHarness } from '../helpers/harness.js';
import { startTestPostgres } from '../helpers/postgres-server.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { isMain, ms, pct } from './bench-utils.js';

const TURNS = 300;
const CHECKS = 2000;

async function timeTurns(url: string, prefix: string, count: number, before?: (i: number) => Promise<void>) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await before?.(i);
    const start = performance.now();
    const r = await postJson(`${url}/gemini/train`, { client_id: `${prefix}-${i % 20}-bench`, content: 'Hello there' });
    times.push(performance.now() - start);
    if (r.status !== 200) throw new Error(`turn answered ${r.status}`);
  }
  return times;
}

export async function benchSettingsCheck(): Promise<void> {
  const redis = await startTestRedis();
  const postgres = await startTestPostgres();
  const url = await postgres.createDatabase('bench');
  const h = await startHarness(redis.url, { DATABASE_URL: url, GEMINI_API_KEY: '' });
  try {
    await timeTurns(h.url, 'warm', 50);
    const turns = await timeTurns(h.url, 'steady', TURNS);

    const store = openSettings({ dataDir: h.dataDir, database: h.database });
    const first = await store.load();
    const version = first === 'unchanged' ? 0 : first.version;
    const checks: number[] = [];
    for (let i = 0; i < CHECKS; i++) {
      const start = performance.now();
      if ((await store.load(version)) !== 'unchanged') throw new Error('the version moved during the bench');
      checks.push(performance.now() - start);
    }

    let n = 0;
    const afterSave = await timeTurns(h.url, 'saved', 100, async () => {
      const r = await fetch(`${h.url}/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
        body: JSON.stringify({
          widget: { title: `T${(n += 1)}`, subtitle: 's', greeting: '', accent: '#123456', position: 'right' },
        }),
      });
      if (r.status !== 200) throw new Error(`save answered ${r.status}`);
    });

    const row = (label: string, v: number[]) =>
      `${label.padEnd(44)} p50 ${ms(pct(v, 50)).padStart(10)}  p95 ${ms(pct(v, 95)).padStart(10)}`;
    process.stdout.write(
      [
        'settings check (PostgreSQL, offline assistant, sequential turns)',
        row(`chat turn, nothing changed (${TURNS})`, turns),
        row(`version check alone (${CHECKS})`, checks),
        row('first chat turn after each save (100)', afterSave),
        `check p50 / turn p50: ${(pct(checks, 50) / pct(turns, 50)).toFixed(3)} (an upper bound of what it adds: it runs beside the conversation read)`,
        `turn after a save p50 / turn p50: ${(pct(afterSave, 50) / pct(turns, 50)).toFixed(3)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await h.close();
    await postgres.destroy();
    await redis.stop();
  }
}

if (isMain(import.meta.url)) await benchSettingsCheck();
