/** GET /stats?from=&to= (admin, mounted at /stats): the workspace's numbers for a range of business days. */
import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { sendSuccess } from '../http/envelope.js';
import { parseInput } from '../http/validate.js';
import type { StatsService } from './stats.service.js';

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
const dateSchema = z
  .string({ error: 'must be one date, YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((v) => DateTime.fromISO(v, { zone: 'UTC' }).isValid, 'is not a date of the calendar');

const querySchema = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });

export function statsRoutes(stats: StatsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(querySchema, req.query);
    sendSuccess(res, await stats.compute(query));
  });
  return router;
}
