/** What every MeetingLinkRepository engine must do (run by durable-stores.*.test.ts). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openMeetingLinks } from '../../src/store/durable-stores.js';
import { hashOfToken } from '../../src/store/meeting-link.repository.js';
import { describeStoreContract, type DurableStoresEngine } from './durable-stores.engines.js';

const LEAD = 'a'.repeat(32);

export function describeMeetingLinkContract(engine: DurableStoresEngine): void {
  describeStoreContract('MeetingLinkRepository', engine, openMeetingLinks, (stores) => {
    const links = () => stores.here;
    const other = () => stores.elsewhere();

    it('issues an unguessable token that opens its lead, here and elsewhere', async () => {
      const link = await links().issue(LEAD, new Date('2026-03-10T09:00:00Z'));
      assert.match(link.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(link.hash, hashOfToken(link.token));
      assert.match(link.hash, /^[a-f0-9]{64}$/);
      assert.deepEqual(await links().find(link.token), { leadId: LEAD, hash: link.hash });
      assert.deepEqual(await other().find(link.token), { leadId: LEAD, hash: link.hash });
    });

    it('gives each meeting its own token', async () => {
      const first = await links().issue(LEAD, new Date());
      const second = await links().issue(LEAD, new Date());
      const third = await links().issue('b'.repeat(32), new Date());
      assert.equal(new Set([first.token, second.token, third.token]).size, 3);
      assert.equal((await links().find(first.token))?.leadId, LEAD);
      assert.equal((await links().find(second.token))?.leadId, LEAD);
      assert.equal((await links().find(third.token))?.leadId, 'b'.repeat(32));
    });

    it('finds nothing for a token it did not issue, or a string that cannot be one', async () => {
      const link = await links().issue(LEAD, new Date());
      const unknown = `${link.token.slice(0, 42)}${link.token.endsWith('A') ? 'B' : 'A'}`;
      for (const token of [
        unknown,
        link.hash,
        '',
        'short',
        `${link.token}x`,
        '../../etc/passwd',
        link.token.toUpperCase(),
      ]) {
        if (token === link.token) continue;
        assert.equal(await links().find(token), undefined, token);
      }
    });
  });
}
