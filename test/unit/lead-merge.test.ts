/**
 * The lead merge rules, without HTTP: a real LeadStore in a temporary folder under LeadService, with a
 * clock the test moves. What a conversation gives lands on its lead; a later value wins; a conversation
 * that gives an email already on an older lead joins it; a message with nothing new writes nothing.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { LeadService } from '../../src/leads/lead.service.js';
import type { LeadRepository } from '../../src/store/lead.repository.js';
import { LEAD_ENGINES } from '../helpers/fixture.js';
import { useLeadRepository } from '../helpers/lead-engines.js';

const mergeRules = (database: boolean) => () => {
  const stores = useLeadRepository(database);
  let store: LeadRepository;
  let leads: LeadService;
  let clock: Date;
  const erased: string[] = [];
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeEach(async () => {
    clock = new Date('2026-05-04T10:00:00Z');
    erased.length = 0;
    store = await stores.fresh();
    leads = new LeadService({
      leads: store,
      timezone: 'Europe/Berlin',
      defaultCountry: undefined,
      now: () => clock,
      eraseConversation: (clientId) => {
        erased.push(clientId);
        return Promise.resolve();
      },
      eraseLeadRecords: () => Promise.resolve(),
    });
  });

  it("creates the visitor's lead on the first detail, with that conversation's view", async () => {
    const none = await leads.captureFromChat('conv-aaaa-1', 'hello, what do you build?', {});
    assert.equal(none.record, undefined, 'nothing given, nothing stored');
    const { record, captured } = await leads.captureFromChat('conv-aaaa-1', 'I am Jana Novak', {
      email: 'jana@novak.example',
    });
    assert.ok(record);
    assert.deepEqual(captured.sort(), ['email', 'name']);
    assert.equal(record.client_id, 'conv-aaaa-1');
    assert.equal(record.source, 'chat');
    assert.equal(record.conversations['conv-aaaa-1']?.email, 'jana@novak.example');
    assert.equal((await leads.listLeads({ limit: 10, offset: 0 })).total, 1);
  });

  it('a later value wins, on the lead and in the conversation', async () => {
    await leads.saveFromForm('conv-bbbb-1', { name: 'Jon', email: 'jon@old.example' });
    tick();
    const { record } = await leads.captureFromChat('conv-bbbb-1', 'sorry, use my work email', {
      email: 'jon@work.example',
    });
    assert.equal(record?.email, 'jon@work.example');
    assert.equal(record?.conversations['conv-bbbb-1']?.email, 'jon@work.example');
    assert.equal(record?.name, 'Jon');
    assert.equal(record?.updated_at, clock.toISOString());
  });

  it('a message that gives nothing new writes nothing', async () => {
    const first = await leads.saveFromForm('conv-cccc-1', { email: 'same@example.com' });
    tick();
    const again = await leads.captureFromChat('conv-cccc-1', 'my email is same@example.com', {
      email: 'same@example.com',
    });
    assert.deepEqual(again.captured, []);
    assert.equal((await store.get(first.id))?.updated_at, first.updated_at, 'the stored record was not rewritten');
  });

  it('a second conversation with a known email joins that lead; each visitor sees only their own details', async () => {
    const older = await leads.saveFromForm('conv-dddd-1', { name: 'Ama Owusu', email: 'ama@owusu.example' });
    tick();
    const joined = await leads.saveFromForm('conv-dddd-2', { email: 'ama@owusu.example', company: 'Owusu Farms' });
    assert.equal(joined.id, older.id);
    assert.deepEqual(Object.keys(joined.conversations).sort(), ['conv-dddd-1', 'conv-dddd-2']);
    assert.equal(joined.company, 'Owusu Farms');
    const second = leads.visitorView(joined, { clientId: 'conv-dddd-2' });
    assert.equal(second.name, null, "the first visitor's name is not shown to the second");
    assert.equal(second.company, 'Owusu Farms');
    assert.equal((await leads.listLeads({ limit: 10, offset: 0 })).total, 1);
  });

  it('never folds or deletes a lead: an email held by another lead goes to the activity', async () => {
    const older = await leads.saveFromForm('conv-eeee-1', { name: 'Lars Berg', email: 'lars@berg.example' });
    tick();
    const newer = await leads.saveFromForm('conv-eeee-2', { name: 'L. Berg', phone: '+4740123456' });
    tick();
    const after = await leads.saveFromForm('conv-eeee-2', { email: 'lars@berg.example' });
    assert.equal(after.id, newer.id, 'the conversation keeps its lead');
    assert.equal(after.email, null);
    assert.equal(after.conversations['conv-eeee-2']?.email, 'lars@berg.example', 'its own view keeps what it said');
    assert.deepEqual(after.activity?.at(-1)?.data, {
      client_id: 'conv-eeee-2',
      field: 'email',
      value: 'lars@berg.example',
      held_by_lead: older.id,
    });
    assert.ok(await store.get(older.id), 'the older lead is untouched');
    assert.equal((await leads.listLeads({ limit: 10, offset: 0 })).total, 2);
  });

  it("a linked conversation fills only what the lead lacks; the creating conversation's correction wins", async () => {
    const lead = await leads.saveFromForm('conv-hhhh-1', { name: 'Mina Sato', email: 'mina@sato.example' });
    tick();
    const linked = await leads.saveFromForm('conv-hhhh-2', {
      email: 'mina@sato.example',
      name: 'Intruder',
      company: 'Sato Design',
      notes: 'please call me back',
    });
    assert.equal(linked.id, lead.id);
    assert.equal(linked.name, 'Mina Sato', 'a linked conversation never overwrites');
    assert.equal(linked.company, 'Sato Design', 'but adds what the lead lacked');
    assert.equal(linked.notes, null, 'visitor text never lands in the staff notes');
    const types = (linked.activity ?? []).map((e) => e.type);
    assert.deepEqual(types, [
      'created',
      'details_given',
      'details_given',
      'conversation_linked',
      'value_not_applied',
      'details_given',
      'visitor_message',
    ]);
    assert.notEqual(leads.visitorView(linked, { clientId: 'conv-hhhh-2' }).id, lead.id, 'the view id reveals nothing');
    tick();
    const corrected = await leads.saveFromForm('conv-hhhh-1', { name: 'Mina Satō' });
    assert.equal(corrected.name, 'Mina Satō');
  });

  it("a linked conversation's meeting never replaces one another conversation booked", async () => {
    const booked = {
      status: 'scheduled' as const,
      start: '2026-05-07T10:00:00.000+02:00',
      end: '2026-05-07T10:30:00.000+02:00',
      event_id: 'e1',
      meet_link: 'https://meet.google.com/abc-defg-hij',
      html_link: null,
    };
    const lead = await leads.saveFromForm('conv-iiii-1', { email: 'iris@example.com' });
    await leads.setMeeting('conv-iiii-1', booked, { source: 'chat' });
    await leads.saveFromForm('conv-iiii-2', { email: 'iris@example.com' });
    tick();
    const other = { ...booked, status: 'proposed' as const, start: '2026-05-08T12:00:00.000+02:00', event_id: null };
    const after = await leads.setMeeting('conv-iiii-2', other, { source: 'chat' });
    assert.equal(after.id, lead.id);
    assert.deepEqual(after.meeting, booked);
    assert.equal(after.meeting_client_id, 'conv-iiii-1');
    assert.equal(after.activity?.at(-1)?.data.field, 'meeting');
  });

  it('records the answer to a qualification question under its label, not a question back', async () => {
    await leads.saveFromForm('conv-ffff-1', { email: 'q@example.com' });
    const asked = { kind: 'qualification' as const, label: 'Budget' };
    const back = await leads.captureFromChat('conv-ffff-1', 'what do you usually charge?', {}, asked);
    assert.equal(back.record?.fields.Budget, undefined);
    const answer = await leads.captureFromChat('conv-ffff-1', 'around 8k', {}, asked);
    assert.equal(answer.record?.fields.Budget, 'around 8k');
    assert.deepEqual(answer.capturedFields, ['Budget']);
  });

  it('deleting a lead erases every conversation it holds', async () => {
    const lead = await leads.saveFromForm('conv-gggg-1', { email: 'bye@example.com' });
    await leads.saveFromForm('conv-gggg-2', { email: 'bye@example.com' });
    await leads.deleteLead(lead.id);
    assert.deepEqual(erased.sort(), ['conv-gggg-1', 'conv-gggg-2']);
    assert.equal((await leads.listLeads({ limit: 10, offset: 0 })).total, 0);
  });
};

for (const engine of LEAD_ENGINES) {
  describe(`lead merge rules (LeadService over a real store: ${engine.name})`, mergeRules(engine.database));
}
