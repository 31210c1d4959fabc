/**
 * The settings page's forms as settings and back. Lists (services, FAQ, qualification questions) are one
 * item per line, parts separated by `|`, so each section is a handful of fields that work without script;
 * a zod issue deep in a list becomes an error on its textarea naming the line.
 */
import type { BusinessProfile } from '../business/business-profile.js';
import type { FieldError } from '../infra/app-error.js';
import type { Form } from '../admin/admin-page.render.js';
import type { MeetingSettings, WidgetSettings } from './settings.schema.js';

export const PAGE_SECTIONS = ['profile', 'instruction', 'widget', 'meetings'] as const;
export type PageSection = (typeof PAGE_SECTIONS)[number];

const LIST_FIELDS = ['services', 'faq', 'qualification'] as const;

function linesOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `first | middle… | last`: the first part, the last (when `withLast` and there are three or more) and the rest between. */
function partsOf(line: string, withLast: boolean): { first: string; middle: string; last: string } {
  const parts = line.split('|').map((p) => p.trim());
  const first = parts[0] ?? '';
  if (withLast && parts.length >= 3) {
    return { first, middle: parts.slice(1, -1).join(' | '), last: parts[parts.length - 1] ?? '' };
  }
  return { first, middle: parts.slice(1).join(' | '), last: '' };
}

const keywordsOf = (text: string): string[] =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/** The form's values of `keys`, a missing one as empty text. */
function textsOf<K extends string>(form: Form, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, form[k] ?? ''])) as Record<K, string>;
}

/** The profile section's form as the profile (validated afterwards by the settings schema). */
export function profileFromForm(form: Form): unknown {
  return {
    ...textsOf(form, ['name', 'assistantName', 'tagline', 'description', 'hours', 'location']),
    contact: {
      email: form.contact_email ?? '',
      phone: form.contact_phone ?? '',
      website: form.contact_website ?? '',
      address: form.contact_address ?? '',
    },
    services: linesOf(form.services).map((line) => {
      const p = partsOf(line, true);
      return { name: p.first, description: p.middle, keywords: keywordsOf(p.last) };
    }),
    faq: linesOf(form.faq).map((line) => {
      const p = partsOf(line, true);
      return { question: p.first, answer: p.middle, keywords: keywordsOf(p.last) };
    }),
    qualification: linesOf(form.qualification).map((line) => {
      const p = partsOf(line, false);
      return { label: p.first, question: p.middle };
    }),
  };
}

/** The profile as the form's values. */
export function profileForm(profile: BusinessProfile): Form {
  return {
    name: profile.name,
    assistantName: profile.assistantName,
    tagline: profile.tagline,
    description: profile.description,
    hours: profile.hours,
    location: profile.location,
    contact_email: profile.contact.email,
    contact_phone: profile.contact.phone,
    contact_website: profile.contact.website,
    contact_address: profile.contact.address,
    services: profile.services.map((s) => [s.name, s.description, s.keywords.join(', ')].join(' | ')).join('\n'),
    faq: profile.faq.map((f) => [f.question, f.answer, f.keywords.join(', ')].join(' | ')).join('\n'),
    qualification: profile.qualification.map((q) => `${q.label} | ${q.question}`).join('\n'),
  };
}

export function widgetFromForm(form: Form): unknown {
  return textsOf(form, ['title', 'subtitle', 'greeting', 'accent', 'position']);
}

export function widgetForm(widget: WidgetSettings): Form {
  return { ...widget };
}

export function meetingsFromForm(form: Form): unknown {
  const minutes = (form.duration_minutes ?? '').trim();
  return {
    business_hours: form.business_hours ?? '',
    timezone: form.timezone ?? '',
    duration_minutes: /^\d+$/.test(minutes) ? Number(minutes) : minutes,
  };
}

export function meetingsForm(meetings: MeetingSettings): Form {
  return { ...meetings, duration_minutes: String(meetings.duration_minutes) };
}

/**
 * An error of the JSON update (`profile.services.1.name`) as an error of the page's form: the field it
 * belongs to (`services`), its line named in the message.
 */
export function formErrorOf(error: FieldError): FieldError {
  const [section, key, index, ...rest] = error.field.split('.');
  if (section === 'system_instruction') return { field: 'system_instruction', message: error.message };
  if (section === 'profile' && key === 'contact' && index) return { field: `contact_${index}`, message: error.message };
  if (section === 'profile' && LIST_FIELDS.some((f) => f === key) && index !== undefined && /^\d+$/.test(index)) {
    const part = rest.length > 0 ? `${rest.join('.')}: ` : '';
    return { field: key ?? '', message: `line ${Number(index) + 1}: ${part}${error.message}` };
  }
  // A whole-section rule (the profile's size) is shown on the section's first field.
  if (key === undefined) return { field: section === 'profile' ? 'name' : (section ?? 'body'), message: error.message };
  return { field: key, message: error.message };
}
