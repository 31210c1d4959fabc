import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lastTurnText, promptText, type FakeGemini } from '../helpers/fake-gemini.js';
import { ADMIN_KEY, getJson, postJson, type Harness, type TrainData } from '../helpers/harness.js';
import { startGeminiStack, type GeminiStack } from '../helpers/gemini-stack.js';

interface VisitorLead {
  id: string;
  client_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  notes: string | null;
}
describe('lead capture from the chat', () => {
  let stack: GeminiStack;
  let gemini: FakeGemini;
  let h: Harness;

  before(async () => {
    stack = await startGeminiStack({ GEMINI_API_KEY: 'k', DEFAULT_COUNTRY: 'PK' });
    ({ gemini, h } = stack);
  });
  after(() => stack.close());

  const say = (client_id: string, content: string, extra: Record<string, string> = {}) =>
    postJson<TrainData<VisitorLead | null>>(`${h.url}/gemini/train`, { client_id, content, ...extra });

  it('has no lead until the visitor says something about themselves', async () => {
    const r = await say('quiet-visitor-1', 'What do you do?');
    assert.equal(r.body.data.lead, null);
  });

  it('captures details from visitor messages, never from the assistant', async () => {
    gemini.queue.push({ kind: 'text', chunks: ['Our email is sales@northwind.example, call +1 202 555 0143'] });
    const first = await say('capture-visitor-1', 'Hello');
    assert.equal(first.body.data.lead, null, "details in the reply are not the visitor's");
    const r = await say('capture-visitor-1', 'My name is Sara Malik, email sara.malik@example.com, phone 0321 7654321');
    const lead = r.body.data.lead;
    assert.ok(lead);
    assert.equal(lead.email, 'sara.malik@example.com');
    assert.equal(lead.phone, '+923217654321');
    assert.equal(lead.name, 'Sara Malik');
    // The next prompt knows it and asks for what is missing only.
    await say('capture-visitor-1', 'What next?');
    const facts = lastTurnText(gemini.requests.at(-1)!);
    assert.match(facts, /email: sara\.malik@example\.com/);
    assert.match(facts, /Still missing: company/);
  });

  it('validates explicit email and phone like extraction does', async () => {
    const bad = await say('explicit-visitor-1', 'hi', { email: 'x|y@example.com' });
    assert.equal(bad.status, 400);
    const ok = await say('explicit-visitor-1', 'hi', { email: 'Explicit@Example.com', phone: '+44 20 7946 0958' });
    assert.equal(ok.body.data.lead?.email, 'explicit@example.com');
    assert.equal(ok.body.data.lead?.phone, '+442079460958');
  });

  it('merges a new conversation giving a known email into the same lead, without showing it the rest', async () => {
    const owner = await say(
      'owner-visitor-1',
      'I am the owner, my name is Omar Farooq and my email is omar@example.com, phone 0300 1111111',
    );
    const ownerLead = owner.body.data.lead as VisitorLead & { created_at: string };
    const staff = await fetch(`${h.url}/leads/${ownerLead.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: JSON.stringify({ status: 'converted', notes: 'VIP customer' }),
    });
    assert.equal(staff.status, 200);
    await new Promise((r) => setTimeout(r, 20));
    const typedAt = new Date().toISOString();
    const stranger = await say('stranger-visitor', 'my email is omar@example.com');
    const view = stranger.body.data.lead as
      (VisitorLead & { status: string; created_at: string; source: string }) | null;
    assert.ok(view);
    // Not even that the email was known: no staff status, no notes, no older creation date.
    assert.equal(view.status, 'new');
    assert.equal(view.notes, null);
    assert.ok(
      view.created_at >= typedAt,
      `${view.created_at} is this conversation's, not the lead's ${ownerLead.created_at}`,
    );
    assert.doesNotMatch(JSON.stringify(stranger.body), /converted|VIP/);
    assert.equal(view.email, 'omar@example.com');
    assert.equal(view.name, null, 'the stranger learns nothing of the owner');
    assert.equal(view.phone, null);
    assert.doesNotMatch(promptText(gemini.requests.at(-1)!), /Omar|0300|\+92300/, 'nor does the prompt');
    const all = await getJson<{ leads: Array<{ email: string; client_ids: string[]; name: string }> }>(
      `${h.url}/leads?q=omar@example.com`,
      { 'x-api-key': ADMIN_KEY },
    );
    assert.equal(all.body.data.leads.length, 1, 'one lead, not two');
    assert.deepEqual(all.body.data.leads[0]?.client_ids.sort(), ['owner-visitor-1', 'stranger-visitor']);
    assert.equal(all.body.data.leads[0]?.name, 'Omar Farooq');
  });

  it("never folds leads: another lead's phone given in a conversation is kept for staff, not applied", async () => {
    await say('merge-a-visitor', 'My name is Hina and my phone is 0333 2222222');
    await say('merge-b-visitor', 'My email is hina.b@example.com');
    const b = await say('merge-b-visitor', 'also my phone is 0333 2222222');
    assert.equal(b.body.data.lead?.phone, '+923332222222', "the visitor's own view shows what they gave");
    const auth = { 'x-api-key': ADMIN_KEY };
    const byPhone = await getJson<{ leads: Array<{ id: string; client_ids: string[] }>; total: number }>(
      `${h.url}/leads?q=%2B923332222222`,
      auth,
    );
    assert.equal(byPhone.body.data.total, 1);
    assert.deepEqual(byPhone.body.data.leads[0]?.client_ids, ['merge-a-visitor']);
    const byEmail = await getJson<{ leads: Array<{ id: string; phone: string | null }>; total: number }>(
      `${h.url}/leads?q=hina.b%40example.com`,
      auth,
    );
    assert.equal(byEmail.body.data.total, 1, 'both leads are still there');
    const second = byEmail.body.data.leads[0];
    assert.equal(second?.phone, null, 'a phone held by another lead is not applied');
    const activity = await getJson<{ events: Array<{ type: string; data: Record<string, string | null> }> }>(
      `${h.url}/leads/${second?.id ?? ''}/activity`,
      auth,
    );
    const kept = activity.body.data.events.find((e) => e.type === 'value_not_applied');
    assert.equal(kept?.data.field, 'phone');
    assert.equal(kept?.data.value, '+923332222222');
    assert.equal(kept?.data.held_by_lead, byPhone.body.data.leads[0]?.id);
  });

  it('a later correction wins', async () => {
    await say('correct-visitor', 'my email is first@example.com');
    const r = await say('correct-visitor', 'sorry, my email is actually second@example.com');
    assert.equal(r.body.data.lead?.email, 'second@example.com');
  });

  it("save-info creates or updates the visitor's lead (form), with 400 for bad fields", async () => {
    const form = await postJson<{ lead: VisitorLead & { source: string } }>(`${h.url}/gemini/save-info`, {
      client_id: 'form-visitor-1',
      name: 'Zara Ali',
      email: 'zara@example.com',
      phone: '0345 9876543',
      company: 'Ali & Co',
      fields: { Budget: '10k' },
    });
    assert.equal(form.status, 200);
    assert.equal(form.body.data.lead.source, 'form');
    assert.equal(form.body.data.lead.phone, '+923459876543');
    assert.equal(form.body.data.lead.notes, null, 'staff notes never reach the visitor');
    const again = await postJson<{ lead: VisitorLead }>(`${h.url}/gemini/save-info`, {
      client_id: 'form-visitor-1',
      company: 'Ali Brothers',
    });
    assert.equal(again.body.data.lead.id, form.body.data.lead.id);
    assert.equal(again.body.data.lead.company, 'Ali Brothers');
    const bad = await postJson<{ errors: Array<{ field: string }> }>(`${h.url}/gemini/save-info`, {
      client_id: 'form-visitor-2',
      email: 'nope',
    });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.data.errors.some((e) => e.field === 'email'));
    const empty = await postJson(`${h.url}/gemini/save-info`, { client_id: 'form-visitor-2' });
    assert.equal(empty.status, 400);
    const noId = await postJson(`${h.url}/gemini/save-info`, { name: 'X' });
    assert.equal(noId.status, 400);
  });
});
