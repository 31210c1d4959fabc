import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';

interface LeadOut {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  follow_up_at: string | null;
  notes: string | null;
  fields: Record<string, string>;
  client_ids: string[];
}

const auth = { 'x-api-key': ADMIN_KEY };

const leadApi = (database: boolean) => () => {
  const { h } = useServer({ database, env: { BUSINESS_TIMEZONE: 'Asia/Karachi' } });

  const create = (body: unknown) => postJson<{ lead: LeadOut }>(`${h.url}/leads`, body, auth);
  const send = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${h.url}${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { status: string; data: { lead: LeadOut; errors?: Array<{ field: string }> } },
    };
  };

  it('creates, reads, updates (POST and PATCH) and lists leads', async () => {
    const c = await create({
      name: 'Ayesha Khan',
      email: 'Ayesha@Example.COM',
      phone: '0300 1234567',
      company: 'Khan Textiles',
      fields: { Budget: '5k' },
    });
    assert.equal(c.status, 201);
    const lead = c.body.data.lead;
    assert.match(lead.id, /^[a-f0-9]{32}$/);
    assert.equal(lead.email, 'ayesha@example.com');
    assert.equal(lead.phone, '+923001234567', 'read in PK, the country of Asia/Karachi');
    assert.equal(lead.status, 'new');
    assert.equal((lead as unknown as { source: string }).source, 'api');

    const got = await getJson<{ lead: LeadOut }>(`${h.url}/leads/${lead.id}`, auth);
    assert.equal(got.status, 200);
    assert.equal(got.body.data.lead.name, 'Ayesha Khan');

    const p1 = await send('POST', `/leads/${lead.id}`, { status: 'contacted', notes: 'Called, interested' });
    assert.equal(p1.status, 200);
    assert.equal(p1.body.data.lead.status, 'contacted');
    const p2 = await send('PATCH', `/leads/${lead.id}`, {
      follow_up_at: '2026-12-01',
      fields: { Budget: null, Website: 'khan.example' },
    });
    assert.equal(p2.status, 200);
    assert.equal(p2.body.data.lead.follow_up_at, '2026-12-01');
    assert.deepEqual(p2.body.data.lead.fields, { Website: 'khan.example' });
    assert.equal(p2.body.data.lead.notes, 'Called, interested');

    await create({ name: 'Bilal Ahmed', email: 'bilal@example.com' });
    await create({ name: 'Carla Diaz', phone: '+34 612 345 678', status: 'qualified' });
    const all = await getJson<{ leads: LeadOut[]; total: number }>(`${h.url}/leads`, auth);
    assert.equal(all.body.data.total, 3);
    assert.deepEqual(
      all.body.data.leads.map((l) => l.name),
      ['Carla Diaz', 'Bilal Ahmed', 'Ayesha Khan'],
      'newest first',
    );
    const page = await getJson<{ leads: LeadOut[]; total: number }>(`${h.url}/leads?limit=1&offset=1`, auth);
    assert.equal(page.body.data.total, 3);
    assert.deepEqual(
      page.body.data.leads.map((l) => l.name),
      ['Bilal Ahmed'],
    );
    const qualified = await getJson<{ leads: LeadOut[]; total: number }>(`${h.url}/leads?status=qualified`, auth);
    assert.deepEqual(
      qualified.body.data.leads.map((l) => l.name),
      ['Carla Diaz'],
    );
    for (const q of ['khan textiles', 'BILAL@', '612345', 'interested']) {
      const r = await getJson<{ leads: LeadOut[]; total: number }>(`${h.url}/leads?q=${encodeURIComponent(q)}`, auth);
      assert.equal(r.body.data.total, 1, q);
    }
  });

  it('refuses bad input with 400 and data.errors, changing nothing', async () => {
    const before = (await getJson<{ total: number }>(`${h.url}/leads`, auth)).body.data.total;
    const cases: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ company: 'Only a company' }, 'name'],
      [{ name: 'X', email: 'not-an-email' }, 'email'],
      [{ name: 'X', email: 'a|b@example.com' }, 'email'],
      [{ name: 'X', phone: '12' }, 'phone'],
      [{ name: 'X', status: 'hot' }, 'status'],
      [{ name: 'X', follow_up_at: 'next week' }, 'follow_up_at'],
      [{ name: 'X', follow_up_at: '2026-02-30' }, 'follow_up_at'],
      [{ name: 'X', fields: { Budget: 5 } }, 'fields.Budget'],
    ];
    for (const [body, field] of cases) {
      const r = await create(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const errors = (r.body.data as unknown as { errors: Array<{ field: string }> }).errors;
      assert.ok(
        errors.some((e) => e.field === field),
        `${JSON.stringify(body)} -> ${JSON.stringify(errors)}`,
      );
    }
    assert.equal((await getJson<{ total: number }>(`${h.url}/leads`, auth)).body.data.total, before);
    const list = await getJson(`${h.url}/leads?limit=501`, auth);
    assert.equal(list.status, 400);
    assert.equal((await getJson(`${h.url}/leads?status=unknown`, auth)).status, 400);
    assert.equal((await getJson(`${h.url}/leads/ffffffffffffffffffffffffffffffff`, auth)).status, 404);
    assert.equal((await send('PATCH', '/leads/ffffffffffffffffffffffffffffffff', { status: 'lost' })).status, 404);
    const some = (await getJson<{ leads: LeadOut[] }>(`${h.url}/leads`, auth)).body.data.leads[0]!;
    const bad = await send('PATCH', `/leads/${some.id}`, { status: 'hot' });
    assert.equal(bad.status, 400);
    assert.equal(
      (await getJson<{ lead: LeadOut }>(`${h.url}/leads/${some.id}`, auth)).body.data.lead.status,
      some.status,
    );
  });

  it('refuses a second lead with the same email with 409', async () => {
    const r = await create({ name: 'Copy', email: 'bilal@example.com' });
    assert.equal(r.status, 409);
  });

  it('lists follow-ups: status follow_up or a date due today or earlier', async () => {
    const a = await create({ name: 'Due Yesterday', email: 'due1@example.com', follow_up_at: '2020-01-01' });
    await create({ name: 'Due Later', email: 'due2@example.com', follow_up_at: '2999-01-01' });
    const c = await create({ name: 'Marked', email: 'due3@example.com', status: 'follow_up' });
    const r = await getJson<{ leads: LeadOut[] }>(`${h.url}/leads/followups`, auth);
    const ids = r.body.data.leads.map((l) => l.id);
    assert.ok(ids.includes(a.body.data.lead.id));
    assert.ok(ids.includes(c.body.data.lead.id));
    assert.ok(!r.body.data.leads.some((l) => l.name === 'Due Later'));
  });

  it('deleting a lead erases its conversation log and its Redis session', async () => {
    const clientId = 'forget-me-please';
    const t = await postJson<{ lead: LeadOut }>(`${h.url}/gemini/train`, {
      client_id: clientId,
      content: 'Hi, my email is forget@example.com',
    });
    assert.equal(t.status, 200);
    const leadId = t.body.data.lead.id;
    const logFile = path.join(h.dataDir, 'conversations', `conversation_${clientId}.txt`);
    // Reading the log through the API waits for the turn's queued log line.
    const log = await fetch(`${h.url}/logs/conversation_${clientId}.txt`, { headers: auth });
    assert.equal(log.status, 200);
    assert.match(await log.text(), /forget@example\.com/);
    // Embedded: the log is a file under DATA_DIR; with DATABASE_URL it is rows in PostgreSQL.
    const embedded = h.database === undefined;
    if (embedded) assert.ok(existsSync(logFile));
    assert.equal(await h.redis.exists(`chat:${clientId}:history`), 1);
    const d = await send('DELETE', `/leads/${leadId}`);
    assert.equal(d.status, 200);
    if (embedded) assert.equal(existsSync(logFile), false);
    assert.equal((await fetch(`${h.url}/logs/conversation_${clientId}.txt`, { headers: auth })).status, 404);
    assert.equal(await h.redis.exists(`chat:${clientId}:history`), 0);
    assert.equal((await getJson(`${h.url}/leads/${leadId}`, auth)).status, 404);
    assert.equal((await send('DELETE', `/leads/${leadId}`)).status, 404);
  });

  it('every lead route is 401 without credentials', async () => {
    const some = (await getJson<{ leads: LeadOut[] }>(`${h.url}/leads`, auth)).body.data.leads[0]!;
    for (const [method, p] of [
      ['GET', '/leads'],
      ['GET', '/leads/followups'],
      ['POST', '/leads'],
      ['GET', `/leads/${some.id}`],
      ['POST', `/leads/${some.id}`],
      ['PATCH', `/leads/${some.id}`],
      ['DELETE', `/leads/${some.id}`],
    ] as const) {
      const res = await fetch(`${h.url}${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"status":"lost"}' }),
      });
      assert.equal(res.status, 401, `${method} ${p}`);
    }
    assert.equal(
      (await getJson<{ lead: LeadOut }>(`${h.url}/leads/${some.id}`, auth)).body.data.lead.status,
      some.status,
    );
  });
};

for (const engine of LEAD_ENGINES) describe(`lead API (${engine.name})`, leadApi(engine.database));
