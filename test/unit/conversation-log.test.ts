/**
 * The conversation log store: a chat turn queues its log line without waiting, so every read, list,
 * removal and flush must still see (or wait for) the lines queued before it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConversationLogStore, MAX_OPEN_LOGS } from '../../src/chat/conversation-log.store.js';

const at = new Date('2026-03-10T09:00:00Z');
const turn = (n: number) => [
  { role: 'user' as const, text: `question ${n}`, at },
  { role: 'model' as const, text: `answer ${n}\nsecond line`, at },
];

describe('conversation log store', () => {
  it('a read right after queued appends sees all of them, in order', async () => {
    const store = new ConversationLogStore(mkdtempSync(path.join(os.tmpdir(), 'logs-')));
    for (let n = 1; n <= 20; n++) void store.appendMany('visitor-0001', turn(n));
    const text = await store.read('conversation_visitor-0001.txt');
    const questions = text
      .split('\n')
      .filter((l) => l.includes('visitor: question'))
      .map((l) => Number(/question (\d+)/.exec(l)?.[1]));
    assert.deepEqual(
      questions,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.match(text, /assistant: answer 1\\nsecond line\n/, 'a newline inside a message is escaped');
  });

  it('list and flush wait for queued appends; remove runs after them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'logs-'));
    const store = new ConversationLogStore(dir);
    void store.appendMany('visitor-0002', turn(1));
    void store.appendMany('visitor-0003', turn(1));
    const listed = await store.list();
    assert.deepEqual(listed.map((l) => l.client_id).sort(), ['visitor-0002', 'visitor-0003']);
    void store.appendMany('visitor-0004', turn(2));
    await store.flush();
    assert.match(readFileSync(path.join(dir, 'conversations', 'conversation_visitor-0004.txt'), 'utf8'), /question 2/);
    void store.appendMany('visitor-0002', turn(2));
    assert.equal(await store.remove('visitor-0002'), true);
    await store.flush();
    assert.equal(
      existsSync(path.join(dir, 'conversations', 'conversation_visitor-0002.txt')),
      false,
      'nothing recreated it',
    );
  });

  it('names of any other form are not found, so no path leaves the folder', async () => {
    const store = new ConversationLogStore(mkdtempSync(path.join(os.tmpdir(), 'logs-')));
    for (const name of [
      '../admin_api_key',
      'conversation_../../x.txt',
      'conversation_a.txt',
      'conversation_visitor-0001.txt.bak',
    ]) {
      await assert.rejects(store.read(name), (err: Error & { code?: string }) => err.code === 'not_found');
    }
  });

  it(`keeps recently used logs open, never more than ${MAX_OPEN_LOGS}, and closes them all on flush`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'logs-'));
    const store = new ConversationLogStore(dir);
    const openInDir = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      }).length;
    // More visitors than open logs, three turns each, interleaved: descriptors are evicted and reopened.
    const visitors = MAX_OPEN_LOGS + 36;
    const writes: Promise<void>[] = [];
    for (let n = 1; n <= 3; n++)
      for (let v = 0; v < visitors; v++)
        writes.push(store.appendMany(`visitor-${String(v).padStart(4, '0')}`, turn(n)));
    await Promise.all(writes);
    await store.list(); // waits for the queues, the closes of evicted logs too
    assert.ok(openInDir() <= MAX_OPEN_LOGS, `at most ${MAX_OPEN_LOGS} open, saw ${openInDir()}`);
    for (let v = 0; v < visitors; v++) {
      const text = readFileSync(
        path.join(dir, 'conversations', `conversation_visitor-${String(v).padStart(4, '0')}.txt`),
        'utf8',
      );
      assert.deepEqual(
        [...text.matchAll(/question (\d+)/g)].map((m) => m[1]),
        ['1', '2', '3'],
      );
    }
    // Removing an open log closes it; a later turn starts a new file.
    assert.equal(await store.remove('visitor-0099'), true);
    await store.appendMany('visitor-0099', turn(4));
    assert.match(await store.read('conversation_visitor-0099.txt'), /^\[[^\n]+ visitor: question 4\n[^\n]+\n$/);
    await store.flush();
    assert.equal(openInDir(), 0);
  });
});
