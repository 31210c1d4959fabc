/**
 * What every ConversationLogRepository engine must do (run by durable-stores.*.test.ts): the same cases prove
 * the log files and PostgreSQL serve the admin the same transcripts, lists and clean-ups.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { unescapeLogText } from '../../src/chat/conversation-log.store.js';
import { isAppError } from '../../src/infra/app-error.js';
import type { LogMessage } from '../../src/store/conversation-log.repository.js';
import { openConversationLogs } from '../../src/store/durable-stores.js';
import { describeStoreContract, type DurableStoresEngine } from './durable-stores.engines.js';

const turn = (n: number, at = new Date()): LogMessage[] => [
  { role: 'user', text: `question ${n}`, at },
  { role: 'model', text: `answer ${n}`, at },
];

const isNotFound = (err: unknown) => isAppError(err) && err.code === 'not_found';

/** The messages of a transcript's lines (the text unescaped). */
function linesOf(text: string): Array<{ at: string; who: string; text: string }> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^\[([^\]]+)\] (visitor|assistant): (.*)$/.exec(line);
      assert.ok(m, `not a log line: ${JSON.stringify(line)}`);
      return { at: m[1] ?? '', who: m[2] ?? '', text: unescapeLogText(m[3] ?? '') };
    });
}

export function describeConversationLogContract(engine: DurableStoresEngine): void {
  describeStoreContract('ConversationLogRepository', engine, openConversationLogs, (stores) => {
    const logs = () => stores.here;
    const other = () => stores.elsewhere();

    it('reads a transcript as one escaped line per message, in order, here and elsewhere', async () => {
      const t1 = new Date('2026-03-10T09:00:00.000Z');
      const t2 = new Date('2026-03-10T09:01:30.250Z');
      const tricky = 'two\nlines, a \\ backslash,\r\n[2026-01-01T00:00:00.000Z] assistant: forged? é ✓ \u2028';
      await logs().appendMany('visitor-0001', [
        { role: 'user', text: 'hello', at: t1 },
        { role: 'model', text: 'hi there', at: t1 },
      ]);
      await logs().appendMany('visitor-0001', [
        { role: 'user', text: tricky, at: t2 },
        { role: 'model', text: 'noted', at: t2 },
      ]);
      await logs().appendMany('visitor-0002', turn(9));
      const expected = [
        { at: t1.toISOString(), who: 'visitor', text: 'hello' },
        { at: t1.toISOString(), who: 'assistant', text: 'hi there' },
        { at: t2.toISOString(), who: 'visitor', text: tricky },
        { at: t2.toISOString(), who: 'assistant', text: 'noted' },
      ];
      const text = await logs().read('conversation_visitor-0001.txt');
      assert.equal(text.split('\n').length, 5, 'four lines, each ending with a newline');
      assert.deepEqual(linesOf(text), expected);
      assert.equal(await logs().readForClient('visitor-0001'), text);
      await logs().flush();
      assert.equal(await other().read('conversation_visitor-0001.txt'), text);
    });

    it('a read right after appends that were not awaited sees every one, in call order', async () => {
      for (let n = 1; n <= 20; n++) void logs().appendMany('visitor-0003', turn(n));
      const questions = linesOf(await logs().readForClient('visitor-0003'))
        .filter((l) => l.who === 'visitor')
        .map((l) => Number(/question (\d+)/.exec(l.text)?.[1]));
      assert.deepEqual(
        questions,
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it('lists every log, last written first, with the size of its text', async () => {
      const before = Date.now();
      await logs().appendMany('visitor-0004', turn(1));
      await sleep(25); // distinct times (a file's mtime follows a coarse clock), so the order is defined
      await logs().appendMany('visitor-0005', [{ role: 'user', text: 'ünïcödé ✓', at: new Date() }]);
      await sleep(25);
      await logs().appendMany('visitor-0004', turn(2));
      const after = Date.now();
      for (const store of [logs(), other()]) {
        const listed = await store.list();
        assert.deepEqual(
          listed.map((l) => [l.client_id, l.filename]),
          [
            ['visitor-0004', 'conversation_visitor-0004.txt'],
            ['visitor-0005', 'conversation_visitor-0005.txt'],
          ],
        );
        for (const info of listed) {
          assert.equal(info.size, Buffer.byteLength(await store.read(info.filename)), info.filename);
          const modified = Date.parse(info.modified);
          assert.ok(modified >= before - 50 && modified <= after + 50, `${info.modified} is when it was written`);
        }
      }
    });

    it('tells when each conversation recently written to began', async () => {
      const start = new Date();
      await logs().appendMany('visitor-0006', turn(1, start));
      await logs().appendMany('visitor-0006', turn(2, new Date(start.getTime() + 1)));
      const begun = await logs().startTimes(new Date(start.getTime() - 60_000));
      assert.deepEqual(begun, [{ client_id: 'visitor-0006', started_at: start }]);
      assert.deepEqual(await logs().startTimes(new Date(Date.now() + 3_600_000)), [], 'nothing written since then');
    });

    it('removes one conversation, everywhere, and says whether there was one', async () => {
      await logs().appendMany('visitor-0007', turn(1));
      await logs().appendMany('visitor-0008', turn(1));
      void logs().appendMany('visitor-0007', turn(2)); // queued before the removal: removed with it
      assert.equal(await logs().remove('visitor-0007'), true);
      assert.equal(await logs().remove('visitor-0007'), false);
      for (const store of [logs(), other()]) {
        await assert.rejects(store.read('conversation_visitor-0007.txt'), isNotFound);
        assert.equal(await store.readForClient('visitor-0007'), '');
        assert.deepEqual(
          (await store.list()).map((l) => l.client_id),
          ['visitor-0008'],
        );
      }
    });

    it('clears logs by age, or all of them', async () => {
      await logs().appendMany('visitor-0009', turn(1));
      await logs().appendMany('visitor-0010', turn(1));
      const now = new Date();
      assert.equal(await logs().clear(1, now), 0, 'none is a day old');
      assert.equal(await logs().clear(1, new Date(now.getTime() + 2 * 86_400_000)), 2, 'two days later both are');
      assert.deepEqual(await other().list(), []);
      await logs().appendMany('visitor-0011', turn(1));
      assert.equal(await logs().clear(), 1);
      assert.equal(await logs().clear(), 0);
    });

    it('answers not_found for a name of any other form, so no path leaves the logs', async () => {
      await logs().appendMany('visitor-0012', turn(1));
      for (const name of [
        '../admin_api_key',
        'conversation_../../x.txt',
        'conversation_a.txt',
        'conversation_visitor-0012.txt.bak',
        'conversation_visitor-9999.txt',
      ]) {
        await assert.rejects(logs().read(name), isNotFound, name);
      }
    });
  });
}
