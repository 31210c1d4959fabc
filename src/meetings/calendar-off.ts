/** The calendar when Google is not configured: booking is off, requests are recorded on the lead. */
import { AppError } from '../infra/app-error.js';
import type { MeetingCalendar } from './meeting.service.js';

export class CalendarNotConfigured implements MeetingCalendar {
  status(): Promise<'not_connected'> {
    return Promise.resolve('not_connected');
  }
  queryBusy(): Promise<never> {
    return Promise.reject(new AppError('calendar_unavailable', 'The calendar is not connected'));
  }
  insertEvent(): Promise<never> {
    return Promise.reject(new AppError('calendar_unavailable', 'The calendar is not connected'));
  }
}
