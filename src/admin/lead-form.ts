/** The lead page's form: only what the staff member changed becomes the update. */
import type { LeadRecord } from '../leads/lead.types.js';
import type { Form } from './admin-page.render.js';

/**
 * The fields whose submitted value differs from the record, as the lead API's update input. Only those: a
 * follow-up set with a time shows as its date in the form, and re-saving the date would lose the time.
 */
export function changedLeadFields(
  form: Form,
  record: LeadRecord,
  followUpInput: (value: string | null) => string,
): Record<string, string | null> {
  const changed: Record<string, string | null> = {};
  if (form.status !== undefined && form.status !== record.status) changed.status = form.status;
  const notes = (form.notes ?? '').replace(/\r\n/g, '\n').trim();
  if (form.notes !== undefined && notes !== (record.notes ?? '')) changed.notes = notes || null;
  const followUp = (form.follow_up_at ?? '').trim();
  if (form.follow_up_at !== undefined && followUp !== followUpInput(record.follow_up_at)) {
    changed.follow_up_at = followUp || null;
  }
  return changed;
}
