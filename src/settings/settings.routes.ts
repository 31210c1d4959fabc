/**
 * GET /settings and PUT /settings (admin, mounted at /settings): the settings in force, and saving any of
 * their sections. Bad input is a 400 with every field's error and saves nothing.
 */
import { Router, type RequestHandler } from 'express';
import { actorOf } from '../admin/staff-actor.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { AppError } from '../infra/app-error.js';
import { settingsUpdateSchema } from './settings.schema.js';
import type { SettingsService } from './settings.service.js';

/** Changing settings is for the admin role (an agent works leads); the API key acts as admin. */
export const requireAdminRole: RequestHandler = (_req, res, next) => {
  if (actorOf(res).role !== 'admin') throw new AppError('forbidden', 'Only an admin may change the settings.');
  next();
};

export function settingsRoutes(settings: SettingsService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    sendSuccess(res, await settings.view());
  });

  router.put('/', requireAdminRole, requireJsonBody, async (req, res) => {
    const update = parseInput(settingsUpdateSchema, req.body);
    const view = await settings.update(update, actorOf(res).by);
    sendSuccess(res, view, 'Settings saved; they are used from the next chat turn on');
  });

  return router;
}
