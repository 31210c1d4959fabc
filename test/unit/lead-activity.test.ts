/** The timeline's pure rules: what a long activity keeps, which edits make which events, and what is news. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addActivity,
  activityEvent,
  changeEvents,
  meetingEvent,
  timelineOf,
  withWaitingEvents,
} from '../../src/leads/lead-activity.js';
import { leadEventOf } from '../../src/integrations/lead-events.js';
import { MAX_ACTIVITY_EVENTS, type LeadRecord } from '../../src/leads/lead.types.js';
import { makeLead } from '../store/lead-repository.contract.js';

const AT = '2026-03-02T10:00:00.000Z';

function lead(overrides: Partial<LeadRecord> = {}): LeadRecord {
  return makeLead(1, { name: 'Ann', created_at: AT, updated_at: AT, ...overrides });
}

describe('lead activity', () => {
  it('a long activity drops its oldest events but never a note or "created"', () => {
    const record = lead({ activity: [activityEvent('created', AT, 'api key', { source: 'api' })] });
    addActivity(record, [activityEvent('note', AT, 'api key', { text: 'first note' })]);
    for (let i = 0; i < MAX_ACTIVITY_EVENTS + 50; i++) {
      addActivity(record, [activityEvent('webhook_sent', AT, 'system', { n: String(i) })]);
    }
    const events = record.activity ?? [];
    assert.equal(events.length, MAX_ACTIVITY_EVENTS + 2);
    assert.deepEqual(
      events.slice(0, 2).map((e) => e.type),
      ['created', 'note'],
    );
    assert.equal(events[2]?.data.n, '50', 'the oldest others went');
  });

  it('an edit makes one event per changed field with old and new, the status apart', () => {
    const before = lead({ fields: { Budget: '5k', Size: 'S' } });
    const after = lead({ name: 'Anna', status: 'qualified', fields: { Budget: '6k', Team: '4' } });
    const events = changeEvents(before, after, 'sam@example.com', AT);
    assert.deepEqual(
      events.map((e) => [e.type, e.data.field ?? null, e.data.from, e.data.to, e.by]),
      [
        ['field_changed', 'name', 'Ann', 'Anna', 'sam@example.com'],
        ['field_changed', 'Budget', '5k', '6k', 'sam@example.com'],
        ['field_changed', 'Size', 'S', null, 'sam@example.com'],
        ['field_changed', 'Team', null, '4', 'sam@example.com'],
        ['status_changed', null, 'new', 'qualified', 'sam@example.com'],
      ],
    );
  });

  it('a meeting is an event when its state or time changes, not when recorded again', () => {
    const proposed = {
      status: 'proposed' as const,
      start: AT,
      end: AT,
      event_id: null,
      meet_link: null,
      html_link: null,
    };
    assert.equal(meetingEvent(null, proposed, 'visitor', AT, 'c1')?.type, 'meeting_proposed');
    assert.equal(meetingEvent(proposed, proposed, 'visitor', AT, 'c1'), undefined);
    assert.equal(
      meetingEvent(proposed, { ...proposed, status: 'scheduled' }, 'visitor', AT, 'c1')?.type,
      'meeting_booked',
    );
  });

  it('an older lead without "created" gets one from its created_at', () => {
    const [first] = timelineOf(lead({ source: 'chat' }));
    assert.deepEqual([first?.type, first?.by, first?.at], ['created', 'visitor', AT]);
  });

  it('a mail or webhook sent is never news (no lead.updated), a staff note is', () => {
    const before = lead({ activity: [] });
    const sent = structuredClone(before);
    addActivity(sent, [activityEvent('webhook_sent', AT, 'system', { event: 'lead.created' })]);
    assert.equal(leadEventOf(before, sent, new Date(AT)), undefined);
    const noted = structuredClone(before);
    addActivity(noted, [activityEvent('note', AT, 'api key', { text: 'hi' })]);
    assert.deepEqual(leadEventOf(before, noted, new Date(AT))?.data.changes, ['activity.note']);
  });

  it('a timeline takes the events waiting outside the record in time order, each once', () => {
    const at = (minute: number) => `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const created = activityEvent('created', at(0), 'api key');
    const note = activityEvent('note', at(5), 'api key', { text: 'called' });
    const sent = (minute: number, id: string) =>
      activityEvent('webhook_sent', at(minute), 'system', { event: 'lead.created', delivery_id: id });
    const folded = sent(1, 'dl_1');
    const timeline = [created, folded, note];
    const merged = withWaitingEvents(timeline, [sent(9, 'dl_3'), sent(1, 'dl_1'), sent(5, 'dl_2')]);
    assert.deepEqual(
      merged.map((e) => [e.type, e.data.delivery_id ?? e.data.text ?? '']),
      [
        ['created', ''],
        ['webhook_sent', 'dl_1'],
        ['note', 'called'],
        ['webhook_sent', 'dl_2'],
        ['webhook_sent', 'dl_3'],
      ],
      'dl_1 already on the record is not shown twice; one of the same instant as a record event comes after it',
    );
    assert.equal(withWaitingEvents(timeline, []), timeline);
    // A replay's later success of the same delivery is another event.
    assert.equal(withWaitingEvents(timeline, [sent(7, 'dl_1')]).length, 4);
  });
});
