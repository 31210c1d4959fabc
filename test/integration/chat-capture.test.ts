/**
 * Lead capture through the real chat route and the offline assistant: bare answers read as what the
 * assistant asked (from the conversation kept in Redis), a phone that needs a country code, no questions
 * after a goodbye, the business's qualification questions, and the corpus scorer's simulation checked
 * against the server on conversations of the blind development half.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureConversation, loadCorpus } from '../helpers/capture-corpus.js';
import { postJson, type TrainData } from '../helpers/harness.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';

interface VisitorLead {
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  fields: Record<string, string>;
}

const chatCapture = (database: boolean) => () => {
  // No DEFAULT_COUNTRY and a zone of no single country: only numbers with a country code can be read.
  const { h } = useServer({
    database,
    env: {
      GEMINI_API_KEY: '',
      BUSINESS_TIMEZONE: 'UTC',
      RATE_LIMIT_HOURLY: '10000',
      RATE_LIMIT_DAILY: '100000',
    },
  });

  const say = async (id: string, content: string) => {
    const r = await postJson<TrainData<VisitorLead | null>>(`${h.url}/gemini/train`, { client_id: id, content });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };

  it('reads a bare answer as the detail just asked for, and never asks for a detail given', async () => {
    const id = 'capture-bare-1';
    const first = await say(id, 'hi, we need a new website');
    assert.match(first.reply, /May I have your name\?/);
    const named = await say(id, 'priya raman');
    assert.equal(named.lead?.name, 'Priya Raman');
    assert.doesNotMatch(named.reply, /your name/);
    assert.match(named.reply, /email/);
    const emailed = await say(id, 'priya.raman@example.org');
    assert.equal(emailed.lead?.email, 'priya.raman@example.org');
    assert.doesNotMatch(emailed.reply, /email address/);
  });

  it('asks again with the country code when a phone cannot be read', async () => {
    const id = 'capture-phone-1';
    await say(id, 'Hello, I am Jonas Weber, jonas@example.de');
    const local = await say(id, 'my mobile is 0171 2345678');
    assert.equal(local.lead?.phone, null);
    assert.match(local.reply, /country code/);
    const international = await say(id, '+49 171 2345678');
    assert.equal(international.lead?.phone, '+491712345678');
    assert.doesNotMatch(international.reply, /country code/);
  });

  it('asks for the country code beside a meeting question too', async () => {
    const reply = (await say('capture-phone-2', 'hiya its Tomasz, call me on 07911 123456 tomorrow?')).reply;
    assert.match(reply, /which day and time|free times|what time/i);
    assert.match(reply, /country code/);
  });

  it('reads a business named in an earlier turn once the address its domain spells arrives', async () => {
    const id = 'capture-earlier-1';
    const first = await say(id, "hello, quick question about websites for a bakery. it's Moonrise Bakehouse in Leeds");
    assert.equal(first.lead?.company ?? null, null);
    const named = await say(id, 'Tom Hargreaves');
    assert.equal(named.lead?.company ?? null, null);
    const emailed = await say(id, 'tom@moonrisebakehouse.co.uk');
    assert.equal(emailed.lead?.email, 'tom@moonrisebakehouse.co.uk');
    assert.equal(emailed.lead?.company, 'Moonrise Bakehouse');
    // Known now: the assistant goes on to the phone and never asks for the company.
    const phoned = await say(id, '+44 113 496 0000');
    assert.equal(phoned.lead?.company, 'Moonrise Bakehouse');
    assert.doesNotMatch(`${emailed.reply} ${phoned.reply}`, /Which company or organisation/);
  });

  it('asks nothing after a goodbye', async () => {
    const id = 'capture-bye-1';
    await say(id, 'do you build apps?');
    const bye = await say(id, "ok that's all, bye");
    assert.doesNotMatch(bye.reply, /\?/);
  });

  it("asks the business's qualification questions after the contact details and records the answers", async () => {
    const id = 'capture-qualify-1';
    await say(id, 'Hi, Maria Lopez here, maria@lopez-studio.example');
    await say(id, '+44 20 7946 0958');
    const company = await say(id, 'Lopez Studio');
    assert.equal(company.lead?.company, 'Lopez Studio');
    assert.match(company.reply, /What would you like us to help with/);
    const project = await say(id, 'a new online shop for our prints');
    assert.equal(project.lead?.fields.Project, 'a new online shop for our prints');
    assert.match(project.reply, /budget in mind/);
    const budget = await say(id, 'around 5k');
    assert.equal(budget.lead?.fields.Budget, 'around 5k');
    assert.match(budget.reply, /in touch/);
    // The staff view has them too.
    const leads = await fetch(`${h.url}/leads?q=maria`, {
      headers: { 'X-API-Key': 'test-admin-key-0123456789abcdef' },
    });
    const body = (await leads.json()) as { data: { leads: Array<{ fields: Record<string, string> }> } };
    assert.deepEqual(body.data.leads[0]?.fields, { Project: 'a new online shop for our prints', Budget: 'around 5k' });
  });

  it('never records thanks, a goodbye or an "ok" as the answer to a qualification question', async () => {
    const id = 'capture-qualify-2';
    await say(id, 'hey, name is dana obrien, head of ops at Brightwater Logistics');
    await say(id, 'dana@brightwater.example');
    const phone = await say(id, '+44 20 7946 0958');
    assert.match(phone.reply, /What would you like us to help with/);
    const bye = await say(id, 'thanks, bye!');
    assert.deepEqual(bye.lead?.fields, {});
    assert.doesNotMatch(bye.reply, /noted/);
    const ok = await say(id, 'ok cool :)');
    assert.deepEqual(ok.lead?.fields, {});
    const project = await say(id, 'ok, a booking page for our depot');
    assert.deepEqual(project.lead?.fields, { Project: 'ok, a booking page for our depot' });
  });

  it('captures through the server what the corpus scorer computes (40 blind development conversations)', async () => {
    // Conversations without meeting talk: a meeting question changes the assistant's reply, which the
    // scorer does not simulate.
    const meetingTalk =
      /\b(?:meet|meeting|call me|book|schedule|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(?::\d\d)?\s*(?:am|pm))\b/i;
    const sample = loadCorpus('blind-a-dev')
      .filter((c) => c.defaultCountry === null && !c.turns.some((t) => meetingTalk.test(t)))
      .slice(0, 40);
    assert.equal(sample.length, 40);
    for (const conversation of sample) {
      let lead: VisitorLead | null = null;
      for (const turn of conversation.turns) lead = (await say(`corpus-${conversation.id}`, turn)).lead;
      const expected = captureConversation(conversation);
      const got = {
        name: lead?.name ?? null,
        email: lead?.email ?? null,
        phone: lead?.phone ?? null,
        company: lead?.company ?? null,
      };
      assert.deepEqual(
        got,
        { name: expected.name, email: expected.email, phone: expected.phone, company: expected.company },
        conversation.id,
      );
    }
  });
};

for (const engine of LEAD_ENGINES) {
  describe(`lead capture in the chat (offline assistant, ${engine.name})`, chatCapture(engine.database));
}
