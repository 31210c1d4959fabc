/**
 * Staff mail (nodemailer) received by a real SMTP server the test runs (`smtp-server`): one mail per new lead
 * and per meeting request, with the lead's details and a link to it; none for an update; a server refusing
 * for a while is retried through the same queue as webhooks.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getJson, postJson } from '../helpers/harness.js';
import { admin, counted, useHooksServer } from '../helpers/hooks-stack.js';
import { SMTP_USER, startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';
import { jsonOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

interface AdminLead {
  id: string;
  email: string | null;
  client_ids: string[];
}

describe('staff mail through SMTP_URL', () => {
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  before(async () => {
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver();
  });
  const hooks = useHooksServer({
    env: () => ({
      SMTP_URL: smtp.url,
      NOTIFY_EMAIL: 'sales@example.com, owner@example.com',
      PUBLIC_URL: 'https://chat.example.com',
      WEBHOOK_URL: `${receiver.url}/hook`,
      WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
      BUSINESS_TIMEZONE: 'America/New_York',
      BUSINESS_HOURS: 'Mon-Sun 08:00-20:00',
    }),
  });
  after(async () => {
    await smtp.close();
    await receiver.close();
  });
  beforeEach(() => hooks.idle());

  const say = async (clientId: string, content: string) => {
    const res = await postJson(`${hooks.stack.h.url}/gemini/train`, { client_id: clientId, content });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const leadOf = async (clientId: string) => {
    const res = await getJson<{ leads: AdminLead[] }>(`${hooks.stack.h.url}/leads?limit=500`, admin);
    const lead = res.body.data.leads.find((l) => l.client_ids.includes(clientId));
    assert.ok(lead, `a lead for ${clientId}`);
    return lead;
  };

  it('mails a new lead to every NOTIFY_EMAIL address, with its details and a link to it; an update sends none', async () => {
    const before = smtp.mails.length;
    await say('mail-new-1', "Hi, I'm Maria Lopez from Acme Tiles, maria.mail@example.com, +44 20 7946 0958");
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    assert.ok(mail);
    const lead = await leadOf('mail-new-1');

    assert.equal(mail.from, SMTP_USER, 'MAIL_FROM defaults to the SMTP login when it is an address');
    assert.deepEqual(mail.to, ['sales@example.com', 'owner@example.com']);
    assert.equal(mail.headers.subject, 'New lead: Maria Lopez (Acme Tiles)');
    assert.match(mail.text, /Name: +Maria Lopez/);
    assert.match(mail.text, /Email: +maria\.mail@example\.com/);
    assert.match(mail.text, /Phone: +\+442079460958/);
    assert.match(mail.text, /Company: +Acme Tiles/);
    assert.ok(mail.text.includes(`Open the lead: https://chat.example.com/admin/leads/${lead.id}`), mail.text);
    assert.match(mail.headers['message-id'] ?? '', /^<msg_[0-9a-f]{32}@chat\.example\.com>$/);

    await say('mail-new-1', 'Our budget is about 5000 dollars, and my colleague is Tom');
    await say('mail-new-1', 'My phone is actually +44 20 7946 0000');
    await hooks.idle();
    assert.equal(smtp.mails.length, before + 1, 'no mail for an update');
    assert.equal(await counted(hooks.stack.metrics.mailDeliveries, { outcome: 'delivered' }), 1);
  });

  it('a server refusing (451) is retried until it accepts; the mail arrives once', async () => {
    const before = smtp.mails.length;
    const refusedBefore = smtp.refused;
    smtp.refuseNext(2);
    await say('mail-retry-1', "I'm Rolf Retry, rolf.retry@example.com");
    await smtp.waitForCount(before + 1);
    await hooks.idle();
    assert.equal(smtp.refused, refusedBefore + 2);
    assert.equal(smtp.mails.length, before + 1);
    const list = await getJson<{
      deliveries: Array<{
        channel: string;
        endpoint_id: string;
        attempts: number;
        status: string;
        lead_id: string;
        last_status: number;
      }>;
    }>(`${hooks.stack.h.url}/webhooks/deliveries?limit=500`, admin);
    const lead = await leadOf('mail-retry-1');
    const mailDelivery = list.body.data.deliveries.find((d) => d.channel === 'mail' && d.lead_id === lead.id);
    assert.equal(mailDelivery?.endpoint_id, 'mail');
    assert.equal(mailDelivery?.attempts, 3);
    assert.equal(mailDelivery?.status, 'delivered');
    assert.equal(mailDelivery?.last_status, 250);
    assert.equal(await counted(hooks.stack.metrics.mailDeliveries, { outcome: 'failed_attempt' }), 2);
  });

  it('mails a meeting request (no calendar connected), and posts meeting.requested', async () => {
    await say('mail-meet-1', "I'm Mia Meeting, mia.meeting@example.com");
    await hooks.idle();
    const before = smtp.mails.length;
    await say('mail-meet-1', 'Can we have a meeting next Thursday at 10am?');
    await say('mail-meet-1', 'yes');
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    assert.ok(mail);
    assert.equal(mail.headers.subject, 'Meeting requested: Mia Meeting');
    assert.match(mail.text, /Meeting: +requested: Thursday, \d+ \w+ \d{4} at 10:00 \(America\/New_York\)/);
    assert.match(mail.text, /Email: +mia\.meeting@example\.com/);

    const requested = await receiver.waitFor((r) => jsonOf(r).type === 'meeting.requested');
    const body = jsonOf<{
      data: { lead: AdminLead & { status: string }; meeting: { status: string; manage_url: string } };
    }>(requested);
    assert.equal(body.data.lead.email, 'mia.meeting@example.com');
    assert.equal(body.data.lead.status, 'follow_up');
    assert.equal(body.data.meeting.status, 'requested');
    assert.match(body.data.meeting.manage_url, /^https:\/\/chat\.example\.com\/meetings\/[A-Za-z0-9_-]{43}$/);
    await hooks.idle();
    assert.equal(smtp.mails.length, before + 1, 'one mail for the request');
    assert.equal(await counted(hooks.stack.metrics.meetings, { status: 'requested' }), 1);
  });
});
