/**
 * The accounts pages. `accountsPageRoutes` (at /admin/accounts, through the admin-only page flavour): admins
 * list accounts, add one with a role and a first password, change a role, disable or enable, set a new
 * password, delete. `ownAccountPageRoutes` (at /admin/account, any staff): one's own account and password.
 * Refusals (bad input, the last admin, a taken email) are shown on the page with the form kept.
 */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { fieldErrorsOf } from '../http/validate.js';
import { isAppError, type FieldError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, queryString, type Form, type PageRenderer } from './admin-page.render.js';
import { changeOwnPassword, type OwnAccountDeps } from './staff-account.routes.js';
import { changePasswordSchema, createAccountSchema, updateAccountSchema } from './staff-account.schemas.js';
import { viewOfAccount } from './staff-account.service.js';
import { actorOf, STAFF_ROLES } from './staff-actor.js';

export interface AccountPageDeps extends OwnAccountDeps {
  pages: PageRenderer;
  logger: Logger;
}

/** Fixed texts for the notices a redirect may carry (never the query text itself). */
const NOTICES: Record<string, string> = {
  added: 'Account added. Give its owner the first password; they can change it under "Your account".',
  role: 'Role changed; it applies from their next click.',
  disabled: 'Account disabled; its sessions ended.',
  enabled: 'Account enabled.',
  password: 'New password set; the sessions made with the old one ended.',
  deleted: 'Account deleted; its sessions ended.',
  own_password: 'Your password is changed; your other sessions are signed out.',
};

const noticeOf = (req: Parameters<typeof queryString>[0]) => NOTICES[queryString(req, 'notice') ?? ''];

/** The input, or the refusal to show: field errors for bad input, the message of a 4xx from the service. */
class PageRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'PageRefusal';
  }
}

function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = fieldErrorsOf(parsed.error);
  const said = errors.map((e) => `${e.field.replace('_', ' ')} ${e.message}`).join('; ');
  throw new PageRefusal(400, `Please correct this: ${said}.`, errors);
}

/** What both pages show the same way: the notice, the refusal's message and its errors by field. */
function messagesOf(extra: { notice?: string | undefined; refusal?: PageRefusal | undefined }) {
  const errors = extra.refusal?.errors ?? [];
  return {
    notice: extra.notice,
    error: extra.refusal?.message,
    errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
  };
}

/** A refusal the page shows itself; anything else goes to the page error handler. */
function refusalOf(err: unknown): PageRefusal | undefined {
  if (err instanceof PageRefusal) return err;
  if (isAppError(err) && err.status < 500 && err.status !== 401 && err.status !== 429)
    return new PageRefusal(err.status, err.message, err.errors ?? []);
  return undefined;
}

export function accountsPageRoutes(deps: AccountPageDeps): Router {
  const { pages, accounts } = deps;
  const router = Router();

  const renderAccounts = async (
    res: Response,
    status: number,
    extra: { notice?: string; refusal?: PageRefusal; form?: Form } = {},
  ) => {
    pages.render(res, 'accounts', status, {
      title: 'Accounts',
      nav: 'accounts',
      ...messagesOf(extra),
      accounts: (await accounts.list()).map(viewOfAccount),
      me: actorOf(res),
      roles: STAFF_ROLES,
      form: extra.form ?? {},
    });
  };

  /** Runs a change from a form: success redirects with its notice, a refusal re-renders the list. */
  const act =
    (work: (form: Form, id: string) => Promise<unknown>, notice: string) => async (req: Request, res: Response) => {
      const form = formOf(req);
      try {
        await work(form, String(req.params.id ?? ''));
      } catch (err) {
        const refusal = refusalOf(err);
        if (!refusal) throw err;
        await renderAccounts(res, refusal.status, { refusal, form });
        return;
      }
      res.redirect(303, `/admin/accounts?notice=${notice}`);
    };

  router.get('/', async (req, res) => {
    await renderAccounts(res, 200, { notice: noticeOf(req) });
  });

  router.post(
    '/',
    act((form) => accounts.create(parseForm(createAccountSchema, form)), 'added'),
  );
  router.post(
    '/:id/role',
    act((form, id) => accounts.update(id, parseForm(updateAccountSchema, { role: form.role })), 'role'),
  );
  router.post(
    '/:id/disable',
    act((_form, id) => accounts.update(id, { disabled: true }), 'disabled'),
  );
  router.post(
    '/:id/enable',
    act((_form, id) => accounts.update(id, { disabled: false }), 'enabled'),
  );
  router.post(
    '/:id/password',
    act(
      (form, id) => accounts.update(id, parseForm(updateAccountSchema, { password: form.password ?? '' })),
      'password',
    ),
  );
  router.post(
    '/:id/delete',
    act(async (form, id) => {
      if (form.confirm !== 'yes') throw new PageRefusal(400, 'Tick "Yes, delete this account" to delete it.');
      return accounts.remove(id);
    }, 'deleted'),
  );

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}

export function ownAccountPageRoutes(deps: AccountPageDeps): Router {
  const { pages, accounts } = deps;
  const router = Router();

  const renderOwn = async (res: Response, status: number, extra: { notice?: string; refusal?: PageRefusal } = {}) => {
    const actor = actorOf(res);
    pages.render(res, 'account', status, {
      title: 'Your account',
      nav: 'account',
      ...messagesOf(extra),
      me: actor,
      account: actor.accountId ? viewOfAccount(await accounts.get(actor.accountId)) : undefined,
    });
  };

  router.get('/', async (req, res) => {
    await renderOwn(res, 200, { notice: noticeOf(req) });
  });

  router.post('/password', async (req, res) => {
    const form = formOf(req);
    try {
      const input = parseForm(changePasswordSchema, {
        current_password: form.current_password ?? '',
        new_password: form.new_password ?? '',
      });
      if (form.confirm_password !== input.new_password) {
        throw new PageRefusal(400, 'The two new passwords differ; nothing was changed.', [
          { field: 'confirm_password', message: 'does not match the new password' },
        ]);
      }
      await changeOwnPassword(res, deps, input.current_password, input.new_password);
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      await renderOwn(res, refusal.status, { refusal });
      return;
    }
    res.redirect(303, '/admin/account?notice=own_password');
  });

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
