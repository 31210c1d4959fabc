/**
 * The workspace's lists over HTTP, on both lead engines: GET /conversations (every conversation, with or
 * without a lead, newest activity first, searchable), the lead list's sort and counts per status,
 * POST /leads/bulk, and the exports (CSV and xlsx) following status, q and a selection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';
import type { ConversationSummary } from '../../src/store/conversation-inbox.repository.js';

const auth = { 'x-api-key': ADMIN_KEY };

/** The contract's conversation row, as the store defines it. */
type Conversation = ConversationSummary;

interface LeadOut {
  id: string;
  name: string | null;
  company: string | null;
  status: string;
  updated_at: string;
}

interface ListData {
  leads: LeadOut[];
  total: number;
  counts: Record<string, number>;
}

interface ErrorData {
  errors?: Array<{ field: string; message: string }>;
}

for (const engine of LEAD_ENGINES) {
  describe(`workspace lists (${engine.name})`, () => {
    const { h } = useServer({ database: engine.database });
    const say = async (clientId: string, content: string) => {
      const r = await postJson(`${h.url}/gemini/train`, { client_id: clientId, content });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await sleep(15); // distinct times: the inbox's order is by the last message
    };
    const conversations = (query = '') =>
      getJson<{ conversations: Conversation[]; total: number }>(`${h.url}/conversations${query}`, auth);
    const leads = (query = '') => getJson<ListData>(`${h.url}/leads${query}`, auth);
    const create = async (body: Record<string, unknown>) => {
      const r = await postJson<{ lead: LeadOut }>(`${h.url}/leads`, body, auth);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.data.lead;
    };
    const bulk = (body: unknown) =>
      postJson<{ results: Array<{ id: string; result: string }>; counts: Record<string, number> } & ErrorData>(
        `${h.url}/leads/bulk`,
        body,
        auth,
      );

    it('GET /conversations: every conversation, with or without a lead, newest activity first, searchable', async () => {
      await say('inbox-anon-0001', 'Hello, could someone call me back about pricing?');
      await say('inbox-dana-0002', 'Hi, I am Dana Scully, dana@fbi.example, from Bureau Corp.');
      await say('inbox-anon-0001', 'Any news on the quote for the warehouse?');
      await say('inbox-fox-00003', 'My email is fox@fbi.example');

      const all = await conversations();
      assert.equal(all.status, 200);
      assert.equal(all.body.data.total, 3);
      const list = all.body.data.conversations;
      assert.deepEqual(
        list.map((c) => c.client_id),
        ['inbox-fox-00003', 'inbox-anon-0001', 'inbox-dana-0002'],
        'newest activity first',
      );
      const anon = list[1]!;
      assert.equal(anon.lead_id, null, 'a visitor whose details were never captured is listed');
      assert.equal(anon.name, null);
      assert.equal(anon.messages, 4, 'two turns: two messages each');
      assert.equal(anon.preview, 'Any news on the quote for the warehouse?', "the visitor's last message");
      assert.ok(Date.parse(anon.started_at) < Date.parse(anon.last_message_at));
      const dana = list[2]!;
      assert.match(dana.lead_id ?? '', /^[a-f0-9]{32}$/);
      assert.equal(dana.name, 'Dana Scully');
      const danaLead = await getJson<{ lead: { client_ids: string[] } }>(`${h.url}/leads/${dana.lead_id}`, auth);
      assert.deepEqual(danaLead.body.data.lead.client_ids, ['inbox-dana-0002']);
      assert.equal(list[0]!.name, 'fox@fbi.example', 'a lead without a name goes by its email');

      const ids = async (q: string) =>
        (await conversations(`?q=${encodeURIComponent(q)}`)).body.data.conversations.map((c) => c.client_id);
      assert.deepEqual(await ids('SCULLY'), ['inbox-dana-0002'], "the lead's name");
      assert.deepEqual(await ids('fbi.example'), ['inbox-fox-00003', 'inbox-dana-0002'], "the leads' emails");
      assert.deepEqual(await ids('bureau corp'), ['inbox-dana-0002'], "the lead's company");
      assert.deepEqual(await ids('anon-00'), ['inbox-anon-0001'], 'the conversation id');
      assert.deepEqual(await ids('WAREHOUSE'), ['inbox-anon-0001'], 'the transcript');
      assert.deepEqual(await ids('no such words'), []);

      const page = await conversations('?limit=1&offset=1');
      assert.equal(page.body.data.total, 3);
      assert.deepEqual(
        page.body.data.conversations.map((c) => c.client_id),
        ['inbox-anon-0001'],
      );
      const past = await conversations('?offset=10');
      assert.deepEqual(past.body.data, { conversations: [], total: 3, limit: 50, offset: 10 });
    });

    it('GET /conversations: bad input is a 400 envelope naming the field; no credentials a 401', async () => {
      // Each query and the field its 400 names.
      const refused: Record<string, string> = {
        '?limit=0': 'limit',
        '?limit=501': 'limit',
        '?offset=-1': 'offset',
        '?limit=abc': 'limit',
        [`?q=${'x'.repeat(201)}`]: 'q',
      };
      for (const [query, field] of Object.entries(refused)) {
        const r = await getJson<ErrorData>(`${h.url}/conversations${query}`, auth);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.status, 'error');
        assert.equal(r.body.data.errors?.[0]?.field, field, query);
      }
      const anonymous = await getJson(`${h.url}/conversations`);
      assert.equal(anonymous.status, 401);
    });

    it('GET /leads: sorts by any listed column either way, missing values last, and counts per status for q', async () => {
      const bob = await create({ name: 'bob Stone', company: 'Zeta Ltd', status: 'contacted', notes: 'sortcase' });
      const alice = await create({
        name: 'Alice Moss',
        email: 'alice@moss.example',
        status: 'qualified',
        notes: 'sortcase',
      });
      const carol = await create({ name: 'Carol Reed', company: 'Acme', status: 'new', notes: 'sortcase' });
      const names = async (query: string) => (await leads(query)).body.data.leads.map((l) => l.name);
      const mine = (list: Array<string | null>) =>
        list.filter((n) => ['bob Stone', 'Alice Moss', 'Carol Reed'].includes(n ?? ''));

      assert.deepEqual(
        mine(await names('?sort=name&order=asc')),
        ['Alice Moss', 'bob Stone', 'Carol Reed'],
        'case-insensitive',
      );
      assert.deepEqual(mine(await names('?sort=name&order=desc')), ['Carol Reed', 'bob Stone', 'Alice Moss']);
      assert.deepEqual(
        await names('?sort=company&order=asc&q=sortcase'),
        ['Carol Reed', 'bob Stone', 'Alice Moss'],
        'no company last',
      );
      assert.deepEqual(
        await names('?sort=company&order=desc&q=sortcase'),
        ['bob Stone', 'Carol Reed', 'Alice Moss'],
        'still last',
      );
      assert.deepEqual(
        mine(await names('?sort=status&order=asc')),
        ['Carol Reed', 'bob Stone', 'Alice Moss'],
        "the pipeline's order: new, contacted, qualified",
      );
      assert.deepEqual(mine(await names('')), ['Carol Reed', 'Alice Moss', 'bob Stone'], 'default: newest first');
      assert.deepEqual(mine(await names('?sort=created_at&order=asc')), ['bob Stone', 'Alice Moss', 'Carol Reed']);

      await sleep(5);
      const patched = await fetch(`${h.url}/leads/${bob.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ follow_up_at: '2026-12-01' }),
      });
      assert.equal(patched.status, 200);
      assert.equal((await names('?sort=updated_at&order=desc&limit=1'))[0], 'bob Stone', 'updated recently first');

      const page = await leads('?sort=name&order=asc&q=sortcase&limit=1&offset=1');
      assert.equal(page.body.data.total, 3);
      assert.deepEqual(
        page.body.data.leads.map((l) => l.id),
        [bob.id],
      );
      const counted = await leads('?q=sortcase&status=new');
      assert.equal(counted.body.data.counts.contacted, 1, 'counts ignore the status filter: they are its tabs');
      assert.equal(counted.body.data.counts.qualified, 1);
      assert.equal(counted.body.data.counts.new, 1);
      assert.equal(counted.body.data.counts.lost, 0);
      assert.deepEqual(
        counted.body.data.leads.map((l) => l.id),
        [carol.id],
      );
      const everyone = await leads();
      const sum = Object.values(everyone.body.data.counts).reduce((a, b) => a + b, 0);
      assert.equal(sum, everyone.body.data.total, 'without q: every lead counted once');
      assert.ok(alice.id);

      for (const [query, field] of [
        ['?sort=password', 'sort'],
        ['?order=up', 'order'],
        ['?sort=', 'sort'],
      ] as const) {
        const r = await getJson<ErrorData>(`${h.url}/leads${query}`, auth);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.data.errors?.[0]?.field, field, query);
      }
    });

    it('a returning visitor comes back on top of the "updated recently" order', async () => {
      const old = await create({ name: 'Returning Rita', email: 'rita@return.example' });
      for (let n = 0; n < 3; n++) await create({ name: `Filler ${n}`, email: `filler${n}@return.example` });
      const first = async () => (await leads('?sort=updated_at&order=desc&limit=1')).body.data.leads[0]?.id;
      assert.notEqual(await first(), old.id);
      await say('return-rita-0001', 'Hello again, it is rita@return.example, any update?');
      assert.equal(await first(), old.id, 'the new conversation was linked to her lead, which moved up');
      assert.notEqual((await leads('?limit=1')).body.data.leads[0]?.id, old.id, 'newest first is unchanged');
    });

    it('POST /leads/bulk: changes the status of or deletes a selection, a result per id', async () => {
      const a = await create({ name: 'Bulk A' });
      const b = await create({ name: 'Bulk B', status: 'lost' });
      const c = await create({ name: 'Bulk C' });
      const unknown = 'f'.repeat(32);
      const changed = await bulk({ ids: [a.id, b.id, unknown, 'not-an-id'], action: 'status', status: 'lost' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual(changed.body.data.results, [
        { id: a.id, result: 'updated' },
        { id: b.id, result: 'unchanged' },
        { id: unknown, result: 'not_found', message: 'No lead with this id' },
        { id: 'not-an-id', result: 'not_found', message: 'No lead with this id' },
      ]);
      assert.equal(changed.body.data.counts.updated, 1);
      const statusOf = async (id: string) =>
        (await getJson<{ lead: LeadOut }>(`${h.url}/leads/${id}`, auth)).body.data.lead?.status;
      assert.equal(await statusOf(a.id), 'lost');
      assert.equal(await statusOf(c.id), 'new', 'not selected: untouched');

      const deleted = await bulk({ ids: [a.id, c.id, a.id, unknown], action: 'delete' });
      assert.equal(deleted.status, 200);
      assert.deepEqual(
        deleted.body.data.results.map((r) => r.result),
        ['deleted', 'deleted', 'not_found'],
        'a repeated id acts once',
      );
      assert.equal((await getJson(`${h.url}/leads/${a.id}`, auth)).status, 404);
      assert.equal((await getJson(`${h.url}/leads/${c.id}`, auth)).status, 404);
      assert.equal(await statusOf(b.id), 'lost');

      for (const [body, field] of [
        [{ ids: [b.id], action: 'archive' }, 'action'],
        [{ ids: [b.id] }, 'action'],
        [{ ids: [], action: 'delete' }, 'ids'],
        [{ ids: 'all', action: 'delete' }, 'ids'],
        [{ ids: [b.id], action: 'status' }, 'status'],
        [{ ids: [b.id], action: 'status', status: 'won' }, 'status'],
        [{ ids: Array.from({ length: 501 }, () => b.id), action: 'delete' }, 'ids'],
      ] as const) {
        const r = await bulk(body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.status, 'error');
        assert.equal(r.body.data.errors?.[0]?.field, field, JSON.stringify(body));
      }
      assert.equal(await statusOf(b.id), 'lost', 'bad input changed nothing');
      const notJson = await fetch(`${h.url}/leads/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...auth },
        body: 'ids=1',
      });
      assert.equal(notJson.status, 415);
      const anonymous = await postJson(`${h.url}/leads/bulk`, { ids: [b.id], action: 'delete' });
      assert.equal(anonymous.status, 401);
      assert.equal(await statusOf(b.id), 'lost');
    });

    it('GET /leads/export.csv and export.xlsx follow status, q and a selection; formulas are defused', async () => {
      const x = await create({
        name: 'Export Xavier',
        company: 'Csv Co',
        status: 'qualified',
        fields: { Budget: '5k' },
      });
      const y = await create({
        name: '=HYPERLINK("http://evil.example","click")',
        company: 'Csv Co',
        status: 'qualified',
      });
      await create({ name: 'Export Zed', company: 'Csv Co', status: 'new' });
      await create({ name: 'Other Olga', company: 'Elsewhere', status: 'qualified' });

      const csvRows = async (query: string) => {
        const res = await fetch(`${h.url}/leads/export.csv${query}`, { headers: auth });
        assert.equal(res.status, 200, query);
        assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
        assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="?leads_export_.*\.csv/);
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark, for Excel');
        return parse<Record<string, string>>(bytes.subarray(3), { columns: true });
      };
      const rows = await csvRows('?status=qualified&q=csv%20co');
      assert.deepEqual(
        rows.map((r) => r.Name),
        ['Export Xavier', '\'=HYPERLINK("http://evil.example","click")'],
        'oldest first; a formula becomes text',
      );
      assert.equal(rows[0]?.Budget, '5k', 'custom fields have columns');
      assert.equal(rows[0]?.Status, 'qualified');
      assert.match(rows[0]?.Created ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

      const selected = await csvRows(`?ids=${y.id},${x.id}`);
      assert.deepEqual(selected.map((r) => r.ID).sort(), [x.id, y.id].sort());
      assert.deepEqual(await csvRows('?status=&q=nobody-has-this'), [], 'an empty status is every status');

      const xlsx = await fetch(`${h.url}/leads/export.xlsx?q=csv%20co&status=qualified`, { headers: auth });
      assert.equal(xlsx.status, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await xlsx.arrayBuffer());
      const sheet = book.getWorksheet('Leads');
      const names: string[] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) names.push(row.getCell(4).text);
      });
      assert.deepEqual(names, ['Export Xavier', '\'=HYPERLINK("http://evil.example","click")']);

      for (const query of ['?ids=nope', '?ids=', '?status=won', `?q=${'q'.repeat(201)}`]) {
        const r = await getJson<ErrorData>(`${h.url}/leads/export.csv${query}`, auth);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.status, 'error');
      }
    });
  });
}
