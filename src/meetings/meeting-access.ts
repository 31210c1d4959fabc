/**
 * The visitor link of a confirmed meeting (booked, or requested while the calendar could not book it): issued
 * when the meeting is recorded on the lead, returned once as `manage_url`, and recorded (hashed) on the lead
 * with the slot hold the meeting keeps. A meeting the lead does not hold for this visitor gets no link.
 */
import type { LeadEventSink } from '../integrations/lead-events.js';
import type { Logger } from '../infra/logger.js';
import type { LeadService } from '../leads/lead.service.js';
import type { LeadMeeting, LeadRecord } from '../leads/lead.types.js';
import type { MeetingLinkRepository } from '../store/meeting-link.repository.js';
import { manageUrlOf } from './meeting-link.store.js';
import type { SlotHoldStore } from './slot-hold.store.js';

/** A meeting as the visitor's answers carry it: with the link to their meeting page once it is confirmed. */
export type VisitorMeeting = LeadMeeting & { manage_url?: string | null };

export interface MeetingAccessDeps {
  leads: LeadService;
  links: MeetingLinkRepository;
  holds: SlotHoldStore;
  publicUrl: string;
  logger: Logger;
  now: () => Date;
  /** Told of each confirmed meeting, with its link (meeting.scheduled / meeting.requested). */
  events?: LeadEventSink | undefined;
}

export class MeetingAccessIssuer {
  constructor(private readonly deps: MeetingAccessDeps) {}

  /**
   * Issues the link for `meeting` just recorded on `record` by `clientId` (null: an API caller without a
   * conversation) and returns its URL, or null when the meeting is not confirmed or not the lead's (then
   * its hold, which nobody could release, is released). A failure to issue is logged: the booking stands.
   */
  async confirm(
    record: LeadRecord,
    clientId: string | null,
    meeting: LeadMeeting,
    /** `visitorZone`: the visitor's IANA zone when the conversation knows it (the page shows the time in it). */
    extra: { hold: string | null; bookingKey: string | null; visitorZone?: string | null },
  ): Promise<string | null> {
    const { leads, links, holds, logger } = this.deps;
    if (meeting.status !== 'scheduled' && meeting.status !== 'requested') return null;
    try {
      const link = await links.issue(record.id, this.deps.now());
      const attached = await leads.attachMeetingAccess(record.id, clientId, meeting, {
        linkHash: link.hash,
        hold: extra.hold,
        bookingKey: extra.bookingKey,
        visitorZone: extra.visitorZone ?? null,
      });
      if (!attached) {
        if (extra.hold) await holds.release(extra.hold);
        return null;
      }
      const stale = attached.replaced?.hold;
      if (stale && stale !== extra.hold) await holds.release(stale);
      const url = manageUrlOf(this.deps.publicUrl, link.token);
      this.deps.events?.meetingChanged(record, meeting, url);
      return url;
    } catch (err) {
      logger.error({ err: (err as Error).message, leadId: record.id }, 'could not issue the meeting link');
      this.deps.events?.meetingChanged(record, meeting, null); // the meeting stands: staff are told all the same
      return null;
    }
  }
}
