/** What the rest of the server needs from a calendar (Google's is google-calendar.client.ts; tests bring fakes of Google, not of this). */

export type CalendarStatus = 'connected' | 'not_connected';

export interface BusyInterval {
  start: Date;
  end: Date;
}

export interface InsertEventInput {
  /** Stable per booking: the event id is derived from it, so repeating a booking never makes a second event. */
  requestId: string;
  summary: string;
  description: string;
  start: Date;
  end: Date;
  /** IANA zone the event is shown in, e.g. the business zone. */
  timeZone: string;
  attendees: string[];
}

export interface InsertedEvent {
  eventId: string;
  meetLink: string | null;
  htmlLink: string | null;
  /** false when the event already existed (a retry or a repeated confirmation). */
  created: boolean;
}

/** What the rest of the server needs from the calendar. */
export interface CalendarGateway {
  isConfigured(): boolean;
  status(): Promise<CalendarStatus>;
  buildAuthUrl(state: string): string;
  exchangeCode(code: string): Promise<void>;
  disconnect(): Promise<void>;
  queryBusy(start: Date, end: Date): Promise<BusyInterval[]>;
  insertEvent(input: InsertEventInput): Promise<InsertedEvent>;
  /** Deletes the event, telling the attendees; an event already gone counts as deleted. */
  deleteEvent(eventId: string): Promise<void>;
  /** Moves the event to another time, keeping it (and its Meet link), telling the attendees. */
  moveEvent(eventId: string, move: { start: Date; end: Date; timeZone: string }): Promise<InsertedEvent>;
}
