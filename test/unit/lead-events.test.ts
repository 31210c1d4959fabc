/**
 * Which lead writes are news to staff (lead-events.ts), and the Slack and Discord shapes of an event, as pure
 * functions; the integration tests send them through the real queue.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leadEventOf, meetingEventOf, newsOf, type LeadEventBody } from '../../src/integrations/lead-events.js';
import { payloadFor } from '../../src/integrations/webhooks/webhook.payloads.js';
import { emptyDetails, type LeadMeeting, type LeadRecord } from '../../src/leads/lead.types.js';

const NOW = new Date('2026-05-06T07:00:00Z');

function record(changes: Partial<LeadRecord> = {}): LeadRecord {
  return {
    id: 'lead-1',
    client_id: 'visitor-1',
    ...emptyDetails(),
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    notes: null,
    status: 'new',
    follow_up_at: null,
    meeting: null,
    source: 'chat',
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
    conversations: { 'visitor-1': { ...emptyDetails(), email: 'ada@example.com' } },
    meeting_client_id: null,
    ...changes,
  };
}

const meeting = (status: LeadMeeting['status']): LeadMeeting => ({
  status,
  start: '2026-05-07T15:00:00.000+02:00',
  end: '2026-05-07T15:30:00.000+02:00',
  event_id: null,
  meet_link: null,
  html_link: null,
});

describe('lead events', () => {
  it('a new lead is lead.created; a write with nothing new for staff is nothing', () => {
    assert.equal(leadEventOf(undefined, record(), NOW)?.type, 'lead.created');
    const before = record();
    const touched = record({
      updated_at: '2026-05-06T08:00:00Z',
      conversations: { 'visitor-1': { ...emptyDetails(), email: 'ada@example.com', updated_at: 'later' } },
    });
    assert.equal(leadEventOf(before, touched, NOW), undefined);
    assert.deepEqual(newsOf(before, record({ meeting: meeting('proposed') })), [], 'a proposal is not news');
  });

  it('names what changed: details, fields, status, notes, and what a visitor told through the activity', () => {
    const before = record({ fields: { Budget: '5k' } });
    const after = record({
      phone: '+442079460958',
      fields: { Budget: '8k', Timeline: 'June' },
      status: 'contacted',
      notes: 'called back',
      activity: [{ type: 'visitor_message', at: NOW.toISOString(), by: 'visitor', data: { text: 'hi' } }],
    });
    const event = leadEventOf(before, after, NOW);
    assert.equal(event?.type, 'lead.updated');
    assert.deepEqual(event?.data.changes, [
      'phone',
      'notes',
      'fields.Budget',
      'fields.Timeline',
      'status',
      'activity.visitor_message',
    ]);
    assert.equal('conversations' in (event?.data.lead ?? {}), false, 'the admin view, not the stored record');
  });

  it('a status that came with a meeting is the meeting event, not lead.updated', () => {
    const booked = record({ meeting: meeting('scheduled'), status: 'meeting_scheduled' });
    assert.deepEqual(newsOf(record({ meeting: meeting('proposed') }), booked), []);
    assert.equal(meetingEventOf(booked, meeting('scheduled'), 'https://x/meetings/t', NOW)?.type, 'meeting.scheduled');
    assert.equal(
      meetingEventOf(booked, meeting('scheduled'), 'https://x/meetings/t', NOW)?.data.meeting?.manage_url,
      'https://x/meetings/t',
    );
    assert.equal(meetingEventOf(booked, meeting('proposed'), null, NOW), undefined);
  });

  it('Slack and Discord get their own shapes, with nothing a visitor wrote read as markup or a mention', () => {
    const event = leadEventOf(
      undefined,
      record({ name: '@everyone <b>', company: 'A & B', fields: { Budget: '5k' } }),
      NOW,
    ) as LeadEventBody;
    const options = { publicUrl: 'https://chat.example.com', timezone: 'UTC' };
    const slack = JSON.parse(payloadFor('slack', JSON.stringify(event), options)) as { text: string };
    assert.equal(
      slack.text,
      'New lead: @everyone &lt;b&gt; (A &amp; B)\n*Name:* @everyone &lt;b&gt;\n*Email:* ada@example.com\n' +
        '*Company:* A &amp; B\n*Budget:* 5k\n*Status:* new\n*Source:* chat\n' +
        '<https://chat.example.com/admin/leads/lead-1|Open the lead>',
    );
    const discord = JSON.parse(payloadFor('discord', JSON.stringify(event), options)) as {
      allowed_mentions: unknown;
      embeds: Array<{ timestamp: string; fields: unknown[] }>;
    };
    assert.deepEqual(discord.allowed_mentions, { parse: [] });
    assert.equal(discord.embeds[0]?.timestamp, NOW.toISOString());
    assert.equal(discord.embeds[0]?.fields.length, 6);
    assert.equal(payloadFor('standard', JSON.stringify(event), options), JSON.stringify(event));
  });
});
