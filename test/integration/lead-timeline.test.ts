/**
 * A lead's timeline over HTTP (GET/POST /leads/:id/activity), on both lead engines: created with its source
 * and who, details a conversation gave and values it could not apply (and accepting one), field and status
 * changes with the old value and who, staff notes each kept, meetings, and mails and webhooks sent (by the
 * real delivery worker to a real SMTP server and webhook receiver), without a "sent" event sending another.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, beforeEach, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { ADMIN_KEY, getJson, postJson, type JsonResponse } from '../helpers/harness.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';
import { admin, useHooksServer } from '../helpers/hooks-stack.js';
import { startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { jsonOf, startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { leadOfConversation, saveInfos, type TimelineEvent, type TimelineLead } from '../helpers/lead-timeline.js';
import { foldSentActivity } from '../../src/integrations/delivery-activity.js';
import { SentActivityStore } from '../../src/integrations/sent-activity.store.js';
import type { LeadActivity } from '../../src/leads/lead.types.js';

type Event = TimelineEvent;
type LeadOut = TimelineLead;

const auth = { 'x-api-key': ADMIN_KEY };

async function send(method: string, url: string, body: unknown): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as JsonResponse['body'] };
}

for (const engine of LEAD_ENGINES) {
  describe(`lead timeline over HTTP (${engine.name})`, () => {
    const { h } = useServer({
      database: engine.database,
      env: { BUSINESS_TIMEZONE: 'Europe/Berlin', BUSINESS_HOURS: 'Mon-Sun 08:00-20:00' },
    });
    const timeline = async (id: string) => {
      const res = await getJson<{ events: Event[] }>(`${h.url}/leads/${id}/activity`, auth);
      assert.equal(res.status, 200);
      return res.body.data.events;
    };
    const create = async (body: Record<string, unknown>) => {
      const res = await postJson<{ lead: LeadOut }>(`${h.url}/leads`, body, auth);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.data.lead;
    };
    const leadOf = (clientId: string) => leadOfConversation(h.url, clientId);

    it('a lead made through the API starts with "created", its source and who: the api key', async () => {
      const lead = await create({ name: 'Tim Line', email: 'tim@line.example' });
      const [first, ...rest] = await timeline(lead.id);
      assert.equal(first?.type, 'created');
      assert.equal(first?.by, 'api key');
      assert.equal(first?.data.source, 'api');
      assert.deepEqual(rest, []);
    });

    it('two notes are both kept, oldest first, each with who and when; bad notes are 400, an unknown lead 404', async () => {
      const lead = await create({ name: 'Noted Person' });
      const one = await postJson<{ event: Event }>(
        `${h.url}/leads/${lead.id}/activity`,
        { note: 'Called, no answer' },
        auth,
      );
      assert.equal(one.status, 201, JSON.stringify(one.body));
      assert.equal(one.body.data.event.type, 'note');
      assert.equal(one.body.data.event.by, 'api key');
      const two = await postJson(`${h.url}/leads/${lead.id}/activity`, { note: '  Sent the quote  ' }, auth);
      assert.equal(two.status, 201);
      const notes = (await timeline(lead.id)).filter((e) => e.type === 'note');
      assert.deepEqual(
        notes.map((e) => [e.data.text, e.by]),
        [
          ['Called, no answer', 'api key'],
          ['Sent the quote', 'api key'],
        ],
      );
      assert.ok(notes.every((e) => !Number.isNaN(Date.parse(e.at))));

      for (const bad of [{ note: '   ' }, { note: 'x'.repeat(5001) }, {}, { note: 42 }]) {
        const res = await postJson<{ errors: Array<{ field: string }> }>(
          `${h.url}/leads/${lead.id}/activity`,
          bad,
          auth,
        );
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.equal(res.body.data.errors[0]?.field, 'note');
      }
      const unknown = await postJson(`${h.url}/leads/${'0'.repeat(32)}/activity`, { note: 'hello' }, auth);
      assert.equal(unknown.status, 404);
      assert.equal((await getJson(`${h.url}/leads/${'0'.repeat(32)}/activity`, auth)).status, 404);
      const noKey = await postJson(`${h.url}/leads/${lead.id}/activity`, { note: 'sneaky' });
      assert.equal(noKey.status, 401);
      assert.equal(
        (await timeline(lead.id)).filter((e) => e.type === 'note').length,
        2,
        'refused notes change nothing',
      );
    });

    it('field and status changes are recorded with old and new value and who; a second notes value keeps the first', async () => {
      const lead = await create({ name: 'Field Change', notes: 'first note' });
      const patched = await send('PATCH', `${h.url}/leads/${lead.id}`, {
        name: 'Field Changed',
        status: 'contacted',
        fields: { Budget: '5k' },
        notes: 'second note',
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const events = await timeline(lead.id);
      const change = (field: string) => events.find((e) => e.type === 'field_changed' && e.data.field === field);
      assert.deepEqual(change('name')?.data, { field: 'name', from: 'Field Change', to: 'Field Changed' });
      assert.deepEqual(change('Budget')?.data, { field: 'Budget', custom: 'yes', from: null, to: '5k' });
      assert.deepEqual(change('notes')?.data, { field: 'notes', from: 'first note', to: 'second note' });
      const status = events.find((e) => e.type === 'status_changed');
      assert.deepEqual(status?.data, { from: 'new', to: 'contacted' });
      assert.ok(events.filter((e) => e.type !== 'created').every((e) => e.by === 'api key'));

      // The same values again change nothing and record nothing.
      const again = await send('POST', `${h.url}/leads/${lead.id}`, { name: 'Field Changed', status: 'contacted' });
      assert.equal(again.status, 200);
      assert.equal((await timeline(lead.id)).length, events.length);
    });

    it('a conversation records what it gave by "visitor", and a value it could not apply can be accepted', async () => {
      await saveInfos(
        h.url,
        { client_id: 'timeline-visit-1', name: 'Vera Visitor', email: 'vera@visit.example' },
        { client_id: 'timeline-visit-2', email: 'vera@visit.example', name: 'Vera Other', company: 'Visit GmbH' },
      );
      const lead = await leadOf('timeline-visit-1');
      const events = await timeline(lead.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.by]),
        [
          ['created', 'visitor'],
          ['details_given', 'visitor'],
          ['details_given', 'visitor'],
          ['conversation_linked', 'visitor'],
          ['value_not_applied', 'visitor'],
          ['details_given', 'visitor'],
        ],
      );
      assert.equal(events[0]?.data.source, 'form');
      const kept = events.find((e) => e.type === 'value_not_applied');
      assert.deepEqual(kept?.data, {
        client_id: 'timeline-visit-2',
        field: 'name',
        value: 'Vera Other',
        held_by_lead: null,
      });
      assert.equal(events.at(-1)?.data.field, 'company');

      // Staff take it (the page's "use this value" goes through the same update): recorded with who.
      const accepted = await send('PATCH', `${h.url}/leads/${lead.id}`, { name: 'Vera Other' });
      assert.equal((accepted.body.data as { lead: LeadOut }).lead.name, 'Vera Other');
      const change = (await timeline(lead.id)).at(-1);
      assert.deepEqual(
        [change?.type, change?.by, change?.data.from, change?.data.to],
        ['field_changed', 'api key', 'Vera Visitor', 'Vera Other'],
      );
    });

    it('meetings proposed and requested in the chat, and one booked through the API, are on the timeline', async () => {
      const chat = async (content: string) => {
        const res = await postJson(`${h.url}/gemini/train`, { client_id: 'timeline-meet-1', content });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };
      await chat('Hi, I am Mia Meet, mia@meet.example. Could we have a meeting tomorrow at 3pm?');
      await chat('yes');
      const lead = await leadOf('timeline-meet-1');
      const meetings = (await timeline(lead.id)).filter((e) => e.type.startsWith('meeting_'));
      assert.deepEqual(
        meetings.map((e) => [e.type, e.by]),
        [
          ['meeting_proposed', 'visitor'],
          ['meeting_requested', 'visitor'],
        ],
        'the calendar is not connected: the yes is a request',
      );
      const start = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).set({ hour: 11, minute: 0, second: 0 });
      const booked = await postJson(
        `${h.url}/saba/book-meeting`,
        { start: start.toISO(), attendees: ['api.meet@example.com'] },
        auth,
      );
      assert.equal(booked.status, 503, 'not connected: recorded as a request');
      const apiLead = (await getJson<{ leads: LeadOut[] }>(`${h.url}/leads?q=api.meet`, auth)).body.data.leads[0];
      assert.ok(apiLead);
      const events = await timeline(apiLead.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.by]),
        [
          ['created', 'api key'],
          ['meeting_requested', 'api key'],
        ],
      );
      assert.equal(Date.parse(events[1]?.data.start ?? ''), start.toMillis());
    });
  });
}

/** A lead made through the API (as staff would): its id. */
async function createLead(url: string, name: string, email: string): Promise<string> {
  const created = await postJson<{ lead: LeadOut }>(`${url}/leads`, { name, email }, admin);
  return created.body.data.lead.id;
}

// The team's mail server and webhook receiver, for the block below.
const smtp = await startSmtpReceiver();
const receiver = await startWebhookReceiver();

describe('lead timeline: mails and webhooks sent', () => {
  const hooks = useHooksServer({
    env: {
      SMTP_URL: smtp.url,
      NOTIFY_EMAIL: 'sales@example.com',
      WEBHOOK_URL: `${receiver.url}/hook`,
      WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    },
  });
  after(() => Promise.all([smtp.close(), receiver.close()]));
  beforeEach(() => hooks.idle());

  it(
    'records each delivered mail and webhook by "system", and recording them sends nothing more',
    { timeout: 20_000 },
    async () => {
      const { url } = hooks.stack.h;
      const created = await postJson<{ lead: LeadOut }>(
        `${url}/leads`,
        { name: 'Hook Person', email: 'hook@x.example' },
        admin,
      );
      assert.equal(created.status, 201);
      const id = created.body.data.lead.id;
      await smtp.waitForCount(1);
      await receiver.waitForCount(1);
      await hooks.idle();
      // The worker records after the attempt: wait until both are on the lead (the test's timeout bounds it).
      let events: Event[];
      for (;;) {
        events = (await getJson<{ events: Event[] }>(`${url}/leads/${id}/activity`, admin)).body.data.events;
        if (events.filter((e) => e.type.endsWith('_sent')).length >= 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const sent = events.filter((e) => e.type.endsWith('_sent'));
      assert.deepEqual(sent.map((e) => [e.type, e.by, e.data.event]).sort(), [
        ['mail_sent', 'system', 'lead.created'],
        ['webhook_sent', 'system', 'lead.created'],
      ]);
      assert.equal(sent.find((e) => e.type === 'webhook_sent')?.data.endpoint, 'env');

      // The lead is not "updated" by it, and no lead.updated went out for it.
      const lead = (
        await getJson<{ lead: LeadOut & { updated_at: string; created_at: string } }>(`${url}/leads/${id}`, admin)
      ).body.data.lead;
      assert.equal(lead.updated_at, lead.created_at);
      await hooks.idle();
      const types = receiver.requests.map((r) => jsonOf(r).type);
      assert.deepEqual(types, ['lead.created']);

      // A staff note is news to staff: one lead.updated, itself recorded once delivered.
      await postJson(`${url}/leads/${id}/activity`, { note: 'Spoke to them' }, admin);
      const [update] = (await receiver.waitForCount(2)).slice(1);
      assert.deepEqual(
        jsonOf<{ type: string; data: { changes: string[] } }>(update ?? receiver.requests[0]!).data.changes,
        ['activity.note'],
      );
      await hooks.idle();
      assert.equal(receiver.requests.length, 2);
    },
  );

  it(
    'keeps them off the lead record (no second write of the lead) until the fold, which writes each once',
    { timeout: 20_000 },
    async () => {
      const { url, leads, redis } = hooks.stack.h;
      const id = await createLead(url, 'Fold Person', 'fold@x.example');
      await hooks.idle();
      const timeline = async () =>
        (await getJson<{ events: Event[] }>(`${url}/leads/${id}/activity`, admin)).body.data.events;
      const sentIn = (events: ReadonlyArray<{ type: string }>) => events.filter((e) => e.type.endsWith('_sent'));
      let shown: Event[];
      for (;;) {
        shown = await timeline();
        if (sentIn(shown).length >= 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const stored = await leads.get(id);
      assert.deepEqual(sentIn(stored?.activity ?? []), [], 'the lead record is not written for them');

      const store = new SentActivityStore(redis);
      assert.ok((await foldSentActivity(store, leads)) >= 1);
      const folded = await leads.get(id);
      assert.deepEqual(
        sentIn(folded?.activity ?? [])
          .map((e) => e.type)
          .sort(),
        ['mail_sent', 'webhook_sent'],
      );
      assert.equal(folded?.updated_at, folded?.created_at, 'a fold is not a change to the lead');
      assert.deepEqual(await store.waitingFor(id), []);
      assert.deepEqual(await timeline(), shown, 'the timeline reads the same once folded');

      // A fold that wrote and died before removing them from Redis: the next adds nothing twice.
      await store.append(sentIn(folded?.activity ?? []).map((event) => ({ leadId: id, event: event as LeadActivity })));
      assert.equal(sentIn(await timeline()).length, 2, 'shown once while waiting again');
      await foldSentActivity(store, leads);
      assert.equal(sentIn((await leads.get(id))?.activity ?? []).length, 2);
      assert.deepEqual(await store.waitingFor(id), []);
    },
  );

  it('erases the mails and webhooks sent still waiting with the lead', { timeout: 20_000 }, async () => {
    const { url, redis } = hooks.stack.h;
    const id = await createLead(url, 'Gone Soon', 'gone@x.example');
    await hooks.idle();
    const store = new SentActivityStore(redis);
    while ((await store.waitingFor(id)).length < 2) await new Promise((r) => setTimeout(r, 20));
    const erased = await fetch(`${url}/leads/${id}`, { method: 'DELETE', headers: admin });
    assert.equal(erased.status, 200);
    assert.deepEqual(await store.waitingFor(id), []);
  });
});
