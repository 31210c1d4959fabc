/** The business the assistant speaks for, read from config/business.json (validated at start-up). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The profile's shape; the settings page validates a saved profile with the same schema (src/settings). */
export const profileSchema = z.object({
  name: z.string().min(1),
  /** What the assistant calls itself; a visitor quoting it is not giving their own name. */
  assistantName: z.string().default(''),
  tagline: z.string().default(''),
  description: z.string().default(''),
  services: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().default(''),
        keywords: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  hours: z.string().default(''),
  location: z.string().default(''),
  contact: z
    .object({
      email: z.string().default(''),
      phone: z.string().default(''),
      website: z.string().default(''),
      address: z.string().default(''),
    })
    .default({ email: '', phone: '', website: '', address: '' }),
  faq: z
    .array(z.object({ question: z.string().min(1), answer: z.string().min(1), keywords: z.array(z.string()).min(1) }))
    .default([]),
  /**
   * Qualification questions asked one at a time after the contact details; the answer to the one just
   * asked is recorded on the lead under its label (a custom field).
   */
  qualification: z
    .array(z.object({ label: z.string().min(1).max(40), question: z.string().min(1).max(300) }))
    .max(10)
    .default([]),
});

export type BusinessProfile = z.infer<typeof profileSchema>;

export function loadBusinessProfile(file: string): BusinessProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Could not read the business profile ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid business profile ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

const descriptions = new WeakMap<BusinessProfile, string>();

/** A compact text version for the LLM prompt (built once per profile: it goes into every turn). */
export function describeBusiness(profile: BusinessProfile): string {
  let text = descriptions.get(profile);
  if (text === undefined) {
    text = writeDescription(profile);
    descriptions.set(profile, text);
  }
  return text;
}

function writeDescription(profile: BusinessProfile): string {
  const lines = [`Business: ${profile.name}${profile.tagline ? ` — ${profile.tagline}` : ''}`];
  if (profile.description) lines.push(profile.description);
  if (profile.services.length > 0) {
    lines.push('Services:');
    for (const s of profile.services) lines.push(`- ${s.name}${s.description ? `: ${s.description}` : ''}`);
  }
  if (profile.hours) lines.push(`Opening hours: ${profile.hours}`);
  if (profile.location) lines.push(`Location: ${profile.location}`);
  const c = profile.contact;
  const contact = [c.email && `email ${c.email}`, c.phone && `phone ${c.phone}`, c.website && `website ${c.website}`]
    .filter(Boolean)
    .join(', ');
  if (contact) lines.push(`Contact: ${contact}`);
  if (profile.faq.length > 0) {
    lines.push('FAQ:');
    for (const f of profile.faq) lines.push(`- Q: ${f.question} A: ${f.answer}`);
  }
  return lines.join('\n');
}
