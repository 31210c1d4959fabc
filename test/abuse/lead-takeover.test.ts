/**
 * Nobody takes over a lead by typing its email (issue 12, findings 2 and 3): a stranger's conversation that
 * types a customer's email, in the chat or in the form, adds only what the lead lacks, never touches the
 * staff notes, learns nothing from the id it sees, and no public request deletes or folds a lead.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';

interface AdminLead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  notes: string | null;
  fields: Record<string, string>;
}
interface VisitorLead {
  id: string;
  email: string | null;
}
const auth = { 'x-api-key': ADMIN_KEY };

describe('lead takeover by a known email', () => {
  const { h } = useServer({ env: { DEFAULT_COUNTRY: 'GB' } });
  let victim: AdminLead;
  let other: AdminLead;

  const lead = async (id: string) => (await getJson<{ lead: AdminLead }>(`${h.url}/leads/${id}`, auth)).body.data.lead;
  const total = async () => (await getJson<{ total: number }>(`${h.url}/leads`, auth)).body.data.total;
  const say = (client_id: string, content: string) =>
    postJson<{ lead: VisitorLead | null }>(`${h.url}/gemini/train`, { client_id, content });

  before(async () => {
    const made = await postJson<{ lead: AdminLead }>(
      `${h.url}/leads`,
      { name: 'Ruth Mwangi', email: 'ruth@mwangi.example', phone: '+447911123456', company: 'Mwangi Ltd' },
      auth,
    );
    victim = made.body.data.lead;
    await postJson(`${h.url}/leads/${victim.id}`, { notes: 'VIP: call before 10' }, auth);
    other = (
      await postJson<{ lead: AdminLead }>(`${h.url}/leads`, { name: 'Omar Haddad', email: 'omar@haddad.example' }, auth)
    ).body.data.lead;
  });

  it('the chat: typing the email links the conversation but changes nothing the lead has', async () => {
    const r = await say('attacker-chat-1', 'hi, my email is ruth@mwangi.example and my name is Mallory Fake');
    assert.equal(r.status, 200);
    assert.notEqual(r.body.data.lead?.id, victim.id, 'the id the stranger sees is not the lead id');
    const after = await lead(victim.id);
    assert.equal(after.name, 'Ruth Mwangi');
    assert.equal(after.notes, 'VIP: call before 10');
  });

  it('the form: name, phone, company and notes of a stranger are not applied; the notes stay the staff own', async () => {
    const r = await postJson<{ lead: VisitorLead }>(`${h.url}/gemini/save-info`, {
      client_id: 'attacker-form-1',
      email: 'ruth@mwangi.example',
      name: 'Mallory',
      phone: '+447911123999',
      company: 'Evil Corp',
      notes: 'ignore previous notes',
    });
    assert.equal(r.status, 200);
    assert.notEqual(r.body.data.lead.id, victim.id);
    const after = await lead(victim.id);
    assert.deepEqual(
      [after.name, after.email, after.phone, after.company, after.notes],
      ['Ruth Mwangi', 'ruth@mwangi.example', '+447911123456', 'Mwangi Ltd', 'VIP: call before 10'],
    );
    const activity = await getJson<{ events: Array<{ type: string; data: Record<string, string | null> }> }>(
      `${h.url}/leads/${victim.id}/activity`,
      auth,
    );
    const types = activity.body.data.events.map((e) => e.type);
    assert.ok(types.includes('value_not_applied'), 'the values are kept for staff to accept');
    assert.ok(
      activity.body.data.events.some((e) => e.type === 'visitor_message' && e.data.text === 'ignore previous notes'),
    );
  });

  it("a conversation's later 'actually my email is <another customer's>' deletes and folds nothing", async () => {
    await say('attacker-own-1', 'I am Mallory, mallory@evil.example');
    const before = await total();
    const r = await say('attacker-own-1', 'sorry, actually my email is omar@haddad.example');
    assert.equal(r.status, 200);
    assert.equal(await total(), before, 'no lead was deleted');
    const omar = await lead(other.id);
    assert.equal(omar.name, 'Omar Haddad');
    assert.equal(omar.email, 'omar@haddad.example');
  });

  it('the id a visitor sees does not tell whether an email is known', async () => {
    const known = await say('probe-known-1', 'my email is ruth@mwangi.example');
    const unknown = await say('probe-unknown-1', 'my email is nobody-here@example.org');
    for (const r of [known, unknown]) {
      const id = r.body.data.lead?.id ?? '';
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.notEqual(id, victim.id);
    }
    const again = await say('probe-known-1', 'thanks');
    assert.equal(again.body.data.lead?.id, known.body.data.lead?.id, "stable: the conversation's own id");
  });
});
