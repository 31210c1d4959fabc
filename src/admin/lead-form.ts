/**
 * The lead page's forms, read into the lead API's input (validated by its zod schemas afterwards): only what
 * the staff member changed becomes the update. Custom fields come as numbered rows (`f_orig_N`, the label
 * the row was drawn with; `f_label_N`, `f_value_N`, `f_remove_N`) and one empty row to add (`new_label`,
 * `new_value`).
 */
import type { FieldError } from '../infra/app-error.js';
import { CONTACT_FIELDS } from '../llm/assistant.types.js';
import { MAX_FIELDS_PER_LEAD, type LeadRecord } from '../leads/lead.types.js';
import type { Form } from './admin-page.render.js';

/** One custom field row as the form shows it. */
export interface FieldRow {
  orig: string;
  label: string;
  value: string;
  remove: boolean;
}

/** The update input the edit form asks for, and what the form itself got wrong. */
export interface FormChanges {
  changed: Record<string, unknown>;
  errors: FieldError[];
}

const text = (value: string | undefined) => (value ?? '').replace(/\r\n/g, '\n').trim();

/** The rows to draw: as submitted (when the form is shown again with errors), else the lead's fields. */
export function fieldRows(record: LeadRecord, form?: Form): FieldRow[] {
  if (!form)
    return Object.entries(record.fields).map(([label, value]) => ({ orig: label, label, value, remove: false }));
  const rows: FieldRow[] = [];
  for (let i = 0; i < MAX_FIELDS_PER_LEAD; i++) {
    const orig = form[`f_orig_${i}`];
    if (orig === undefined) break;
    rows.push({
      orig,
      label: form[`f_label_${i}`] ?? orig,
      value: form[`f_value_${i}`] ?? '',
      remove: form[`f_remove_${i}`] !== undefined,
    });
  }
  return rows;
}

/** Custom field changes: a removed or emptied row is null, a renamed one moves its value. */
function fieldChanges(form: Form, record: LeadRecord, errors: FieldError[]): Record<string, string | null> {
  const fields: Record<string, string | null> = {};
  for (const row of fieldRows(record, form)) {
    if (!(row.orig in record.fields)) continue; // removed meanwhile: nothing to edit
    const label = text(row.label);
    const value = text(row.value);
    if (row.remove || !value || !label) {
      fields[row.orig] = null;
      continue;
    }
    if (label !== row.orig) {
      fields[row.orig] = null;
      fields[label] = value;
    } else if (value !== record.fields[row.orig]) fields[label] = value;
  }
  const newLabel = text(form.new_label);
  const newValue = text(form.new_value);
  if (newLabel && !newValue) errors.push({ field: 'new_value', message: 'give a value for the new field' });
  else if (!newLabel && newValue) errors.push({ field: 'new_label', message: 'give a label for the new field' });
  else if (newLabel) fields[newLabel] = newValue;
  return fields;
}

/**
 * The fields whose submitted value differs from the record, as the lead API's update input. Only those: a
 * follow-up set with a time shows as its date in the form, and re-saving the date would lose the time.
 */
export function changedLeadFields(
  form: Form,
  record: LeadRecord,
  followUpInput: (value: string | null) => string,
): FormChanges {
  const changed: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of CONTACT_FIELDS) {
    const value = text(form[field]);
    if (form[field] !== undefined && value !== (record[field] ?? '')) changed[field] = value || null;
  }
  if (form.status !== undefined && form.status !== record.status) changed.status = form.status;
  const notes = text(form.notes);
  if (form.notes !== undefined && notes !== (record.notes ?? '')) changed.notes = notes || null;
  const followUp = text(form.follow_up_at);
  if (form.follow_up_at !== undefined && followUp !== followUpInput(record.follow_up_at)) {
    changed.follow_up_at = followUp || null;
  }
  const fields = fieldChanges(form, record, errors);
  if (Object.keys(fields).length > 0) changed.fields = fields;
  return { changed, errors };
}

/** The "New lead" form as the create input: blanks left out, one custom field row. */
export function newLeadInput(form: Form): FormChanges {
  const input: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of [...CONTACT_FIELDS, 'notes', 'follow_up_at', 'status'] as const) {
    const value = text(form[field]);
    if (value) input[field] = value;
  }
  const label = text(form.new_label);
  const value = text(form.new_value);
  if (label && value) input.fields = { [label]: value };
  else if (label || value)
    errors.push({ field: label ? 'new_value' : 'new_label', message: `give a ${label ? 'value' : 'label'} too` });
  return { changed: input, errors };
}

/** "Use this value": the update input that applies a value a conversation gave (a contact field or a custom one). */
export function acceptedValueInput(field: string, value: string, custom: boolean): Record<string, unknown> {
  if (!custom && (CONTACT_FIELDS as readonly string[]).includes(field)) return { [field]: value };
  return { fields: { [field]: value } };
}
