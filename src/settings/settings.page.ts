/**
 * The settings page (/admin/settings, through the admin router's `pages` flavour): one form per section
 * (business profile, the assistant's instruction, the widget, meetings), each saved on its own through the
 * same validation as PUT /settings. A refused form comes back with its values and an error on each field;
 * a saved one redirects with a notice. The widget's live preview is public/admin/settings.js.
 */
import { Router, type Response } from 'express';
import { formOf, noticeOf, type Form, type PageRenderer } from '../admin/admin-page.render.js';
import { actorOf } from '../admin/staff-actor.js';
import { fieldErrorsOf } from '../http/validate.js';
import type { FieldError } from '../infra/app-error.js';
import {
  formErrorOf,
  meetingsForm,
  meetingsFromForm,
  PAGE_SECTIONS,
  profileForm,
  profileFromForm,
  widgetForm,
  widgetFromForm,
  type PageSection,
} from './settings.form.js';
import { settingsUpdateSchema, type SettingsUpdate } from './settings.schema.js';
import type { SettingsService, SettingsView } from './settings.service.js';

export interface SettingsPageDeps {
  pages: PageRenderer;
  settings: SettingsService;
}

/** Every zone the runtime knows, for the zone field's suggestions. */
const ZONES = Intl.supportedValuesOf('timeZone');

const SAVED_NOTICES: Record<string, string> = {
  saved: 'Settings saved. The next chat turn uses them.',
  reset: 'Section reset: it follows the profile file and the environment again.',
};

/** A section's form as the part of a settings update it stands for. */
function updateOf(section: PageSection, form: Form): Record<string, unknown> {
  switch (section) {
    case 'profile':
      return { profile: profileFromForm(form) };
    case 'instruction':
      return { system_instruction: form.system_instruction ?? '' };
    case 'widget':
      return { widget: widgetFromForm(form) };
    case 'meetings':
      return { meetings: meetingsFromForm(form) };
  }
}

function formsOf(view: SettingsView): Record<PageSection, Form> {
  return {
    profile: profileForm(view.settings.profile),
    instruction: { system_instruction: view.settings.system_instruction },
    widget: widgetForm(view.settings.widget),
    meetings: meetingsForm(view.settings.meetings),
  };
}

export function settingsPageRoutes(deps: SettingsPageDeps): Router {
  const router = Router();

  const show = async (
    res: Response,
    status: number,
    extra: { notice?: string | undefined; failed?: { section: PageSection; form: Form; errors: FieldError[] } } = {},
  ) => {
    const view = await deps.settings.view();
    const forms = formsOf(view);
    const failed = extra.failed;
    if (failed) forms[failed.section] = failed.form;
    const errors = failed?.errors ?? [];
    deps.pages.render(res, 'settings', status, {
      title: 'Settings',
      nav: 'settings',
      notice: extra.notice,
      view,
      forms,
      zones: ZONES,
      canChange: actorOf(res).role === 'admin',
      failedSection: failed?.section,
      errors,
      errorOf: (section: PageSection, field: string) =>
        failed?.section === section ? errors.find((e) => e.field === field)?.message : undefined,
    });
  };

  router.get('/', async (req, res) => {
    const key = typeof req.query.notice === 'string' ? req.query.notice : undefined;
    await show(res, 200, { notice: (key && SAVED_NOTICES[key]) ?? noticeOf(req) });
  });

  router.post('/:section', async (req, res, next) => {
    const section = PAGE_SECTIONS.find((s) => s === req.params.section);
    if (!section) {
      next();
      return;
    }
    const form = formOf(req);
    const parsed = settingsUpdateSchema.safeParse(updateOf(section, form));
    if (!parsed.success) {
      await show(res, 400, { failed: { section, form, errors: fieldErrorsOf(parsed.error).map(formErrorOf) } });
      return;
    }
    await deps.settings.update(parsed.data, actorOf(res).by);
    res.redirect(303, `/admin/settings?notice=saved#${section}`);
  });

  router.post('/:section/reset', async (req, res, next) => {
    const section = (['profile', 'widget', 'meetings'] as const).find((s) => s === req.params.section);
    if (!section) {
      next();
      return;
    }
    const update: SettingsUpdate = { [section]: null };
    await deps.settings.update(update, actorOf(res).by);
    res.redirect(303, `/admin/settings?notice=reset#${section}`);
  });

  return router;
}
