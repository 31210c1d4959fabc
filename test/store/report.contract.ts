/** What every ReportRepository engine must do (run by durable-stores.*.test.ts): reports kept whole, listed, served. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openReports } from '../../src/store/durable-stores.js';
import type { ReportRepository } from '../../src/store/report.repository.js';
import { describeStoreContract, type DurableStoresEngine } from './durable-stores.engines.js';

/** Writes `bytes` in a few chunks (as the workbook writer streams), then ends. */
function writing(bytes: Buffer): (out: Writable) => Promise<void> {
  return async (out) => {
    for (let i = 0; i < bytes.length; i += 4096) {
      out.write(bytes.subarray(i, i + 4096));
      await new Promise((r) => setImmediate(r));
    }
    out.end();
  };
}

async function contentOf(store: ReportRepository, filename: string): Promise<Buffer | undefined> {
  const report = await store.get(filename);
  if (!report) return undefined;
  const bytes = await buffer(report.content());
  assert.equal(report.size, bytes.length);
  return bytes;
}

export function describeReportContract(engine: DurableStoresEngine): void {
  describeStoreContract('ReportRepository', engine, openReports, (stores) => {
    const reports = () => stores.here;
    const other = () => stores.elsewhere();

    it('keeps a report whole and serves it, here and elsewhere', async () => {
      const bytes = randomBytes(50_000);
      const before = Date.now();
      await reports().write('leads_2026-03-10.xlsx', writing(bytes));
      const after = Date.now();
      for (const store of [reports(), other()]) {
        assert.deepEqual(await contentOf(store, 'leads_2026-03-10.xlsx'), bytes);
        const listed = await store.list();
        assert.deepEqual(
          listed.map((r) => [r.filename, r.size]),
          [['leads_2026-03-10.xlsx', bytes.length]],
        );
        const modified = (await store.modifiedAt('leads_2026-03-10.xlsx'))?.getTime() ?? 0;
        assert.ok(modified >= before - 50 && modified <= after + 50, 'modified is when it was made');
        assert.equal(listed[0]?.modified, new Date(modified).toISOString());
      }
    });

    it('replaces a report of the same name, and lists the newest first', async () => {
      await reports().write('leads_2026-03-09.xlsx', writing(Buffer.from('old ninth')));
      await sleep(25); // distinct times (a file's mtime follows a coarse clock), so the order is defined
      await reports().write('leads_2026-03-10.xlsx', writing(Buffer.from('tenth')));
      await sleep(25);
      await reports().write('leads_2026-03-09.xlsx', writing(Buffer.from('new ninth, longer')));
      assert.deepEqual(await contentOf(other(), 'leads_2026-03-09.xlsx'), Buffer.from('new ninth, longer'));
      assert.deepEqual(
        (await other().list()).map((r) => [r.filename, r.size]),
        [
          ['leads_2026-03-09.xlsx', 17],
          ['leads_2026-03-10.xlsx', 5],
        ],
      );
    });

    it('keeps the old report when making the new one fails', async () => {
      await reports().write('leads_2026-03-10.xlsx', writing(Buffer.from('the good one')));
      await assert.rejects(
        reports().write('leads_2026-03-10.xlsx', async (out) => {
          out.write(Buffer.from('half a workb'));
          await new Promise((r) => setImmediate(r));
          throw new Error('the workbook writer failed');
        }),
      );
      assert.deepEqual(await contentOf(reports(), 'leads_2026-03-10.xlsx'), Buffer.from('the good one'));
      assert.equal((await reports().list()).length, 1);
    });

    it('has nothing for a report never made', async () => {
      await reports().write('leads_2026-03-10.xlsx', writing(Buffer.from('x')));
      assert.equal(await reports().get('leads_2026-03-11.xlsx'), undefined);
      assert.equal(await reports().modifiedAt('leads_2026-03-11.xlsx'), undefined);
    });
  });
}
