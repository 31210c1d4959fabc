/** The chat routes' input schemas (POST /gemini/train, /gemini/reset): validated by the routes, described by /openapi.json. */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { emailSchema, phoneSchema } from '../leads/lead.schemas.js';
import { clientIdSchema } from './client-id.schema.js';

// The runtime's canonical zones answer most checks without building a formatter (the widget sends a zone
// with every message); aliases such as Asia/Calcutta take the slower check.
const CANONICAL_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const isIanaZone = (zone: string) => CANONICAL_ZONES.has(zone) || IANAZone.isValidZone(zone);

export function chatSchemas(opts: { maxInputLength: number; defaultCountry: string | undefined }) {
  const { maxInputLength } = opts;
  const train = z.object({
    client_id: clientIdSchema.optional(),
    content: z
      .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(maxInputLength, `must be at most ${maxInputLength} characters`),
    email: emailSchema.optional(),
    phone: phoneSchema(opts.defaultCountry).optional(),
    timezone: z
      .string('must be a string')
      .max(64, 'must be at most 64 characters')
      .refine(isIanaZone, 'must be an IANA time zone such as Europe/London')
      .optional(),
  });
  const reset = z.object({ client_id: clientIdSchema });
  return { train, reset };
}
