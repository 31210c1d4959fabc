/**
 * What staff may change from the settings page (and `PUT /settings`): the business profile, the widget's
 * texts and colours, meeting hours, zone and length. The profile reuses config/business.json's own schema;
 * the hours reuse BUSINESS_HOURS's parser, so a saved value means exactly what the same text in the
 * environment would.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { profileSchema } from '../business/business-profile.js';
import { MAX_SYSTEM_INSTRUCTION_LENGTH } from '../chat/system-instruction.store.js';
import { parseBusinessHours } from '../config.js';

/** The profile goes into every LLM prompt: a bound keeps a turn's cost sane. */
export const MAX_PROFILE_CHARACTERS = 30_000;

/** A CSS colour the widget and the preview can both use: `#rgb` or `#rrggbb`. */
const hexColour = z
  .string({ error: 'must be a colour such as #2563eb' })
  .trim()
  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'must be a colour such as #2563eb')
  .transform((v) => v.toLowerCase());

const text = (max: number) => z.string({ error: 'must be text' }).trim().max(max, `must be at most ${max} characters`);

export const widgetSettingsSchema = z.strictObject({
  title: text(60).min(1, 'must not be empty'),
  subtitle: text(80).min(1, 'must not be empty'),
  /** Empty: no greeting bubble (as an empty data-greeting does). */
  greeting: text(300),
  accent: hexColour,
  position: z.enum(['left', 'right'], { error: 'must be left or right' }),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

/** The widget's own defaults (src/widget/widget-options.ts): what a site gets when nothing was saved. */
export const DEFAULT_WIDGET_SETTINGS: WidgetSettings = Object.freeze({
  title: 'Chat with us',
  subtitle: 'Online now',
  greeting: 'Hi! How can we help you today?',
  accent: '#2563eb',
  position: 'right',
});

export const meetingSettingsSchema = z.strictObject({
  business_hours: z
    .string({ error: 'must be text such as Mon-Fri 09:00-17:00' })
    .trim()
    .max(200, 'must be at most 200 characters')
    .superRefine((value, ctx) => {
      try {
        parseBusinessHours(value);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          message: `${(err as Error).message} (e.g. "Mon-Fri 09:00-17:00; Sat 10:00-13:00")`,
        });
      }
    }),
  timezone: z
    .string({ error: 'must be an IANA time zone such as Asia/Karachi' })
    .trim()
    .refine((v) => IANAZone.isValidZone(v), 'must be an IANA time zone such as Asia/Karachi'),
  duration_minutes: z
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(5, 'must be at least 5 minutes')
    .max(480, 'must be at most 480 minutes'),
});
export type MeetingSettings = z.infer<typeof meetingSettingsSchema>;

export const savedProfileSchema = profileSchema.refine(
  (p) => JSON.stringify(p).length <= MAX_PROFILE_CHARACTERS,
  `the whole profile must be at most ${MAX_PROFILE_CHARACTERS} characters`,
);

/** The sections saved in the settings store; a section not saved follows the file or environment. */
export const savedSettingsSchema = z.object({
  profile: savedProfileSchema.optional(),
  widget: widgetSettingsSchema.optional(),
  meetings: meetingSettingsSchema.optional(),
});
export type SavedSettings = z.infer<typeof savedSettingsSchema>;

export const SETTINGS_SECTIONS = ['profile', 'widget', 'meetings'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/**
 * PUT /settings: one or more sections; a section replaces the saved one whole, `null` goes back to the file's
 * or environment's value. `system_instruction` is the same text `POST /system-instruction` saves.
 */
export const settingsUpdateSchema = z
  .strictObject({
    profile: savedProfileSchema.nullable().optional(),
    widget: widgetSettingsSchema.nullable().optional(),
    meetings: meetingSettingsSchema.nullable().optional(),
    system_instruction: z
      .string({ error: 'must be text' })
      .refine((s) => s.trim().length > 0, 'must not be empty')
      .pipe(
        z.string().max(MAX_SYSTEM_INSTRUCTION_LENGTH, `must be at most ${MAX_SYSTEM_INSTRUCTION_LENGTH} characters`),
      )
      .optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), {
    message: 'give at least one of profile, widget, meetings, system_instruction',
  });
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;
