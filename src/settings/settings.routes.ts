/**
 * GET /settings and PUT /settings (admin, mounted at /settings): the settings in force, and saving any of
 * their sections. Bad input is a 400 with every field's error and saves nothing. For the admin role only:
 * app.ts mounts it through the admin-only flavour of the admin router (an agent gets 403).
 */
import { Router } from 'express';
import { actorOf } from '../admin/staff-actor.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { settingsUpdateSchema } from './settings.schema.js';
import type { SettingsService } from './settings.service.js';

export function settingsRoutes(settings: SettingsService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    sendSuccess(res, await settings.view());
  });

  router.put('/', requireJsonBody, async (req, res) => {
    const update = parseInput(settingsUpdateSchema, req.body);
    const view = await settings.update(update, actorOf(res).by);
    sendSuccess(res, view, 'Settings saved; they are used from the next chat turn on');
  });

  return router;
}
