/** Request schemas for staff accounts (the JSON API and the accounts page validate with the same ones). */
import { z } from 'zod';
import { emailSchema } from '../leads/lead.schemas.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-hash.js';
import { STAFF_ROLES } from './staff-actor.js';

export const passwordSchema = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

const nameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

const roleSchema = z.enum(STAFF_ROLES, { error: `must be one of ${STAFF_ROLES.join(', ')}` });

/** POST /accounts. */
export const createAccountSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: roleSchema,
  password: passwordSchema,
});

/** PATCH /accounts/:id: one or more of these; `password` sets a new one (an admin's reset). */
export const updateAccountSchema = z
  .object({
    name: nameSchema.optional(),
    role: roleSchema.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'give at least one of name, role, disabled, password',
  });

/** POST /accounts/me/password. */
export const changePasswordSchema = z.object({
  current_password: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  new_password: passwordSchema,
});

export type CreateAccountInput = z.output<typeof createAccountSchema>;
export type UpdateAccountInput = z.output<typeof updateAccountSchema>;
