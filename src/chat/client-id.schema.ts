/** A visitor's conversation id: chosen by the widget, checked the same way on every route that takes one. */
import { z } from 'zod';

export const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;

export const clientIdSchema = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
  .regex(CLIENT_ID_RE, 'must be 8 to 64 characters of A-Z, a-z, 0-9, _ or -');
