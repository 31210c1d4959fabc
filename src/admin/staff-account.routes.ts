/**
 * Staff accounts over JSON. `staffAccountRoutes` (mounted at /accounts through the admin-only flavour):
 * admins list, add, change and remove accounts. `ownAccountRoutes` (at /accounts/me, any staff): who am I,
 * and changing one's own password. No answer ever carries a password hash (viewOfAccount).
 */
import { Router, type Response } from 'express';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { AppError } from '../infra/app-error.js';
import type { AdminLocals } from './admin-auth.middleware.js';
import type { AdminSessionStore } from './admin-session.store.js';
import { changePasswordSchema, createAccountSchema, updateAccountSchema } from './staff-account.schemas.js';
import { credentialStampOf, viewOfAccount, type StaffAccountService } from './staff-account.service.js';
import { actorOf } from './staff-actor.js';

export function staffAccountRoutes(accounts: StaffAccountService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    sendSuccess(res, { accounts: (await accounts.list()).map(viewOfAccount) });
  });

  router.post('/', requireJsonBody, async (req, res) => {
    const account = await accounts.create(parseInput(createAccountSchema, req.body));
    sendSuccess(res, { account: viewOfAccount(account) }, 'Account added', 201);
  });

  router.get('/:id', async (req, res) => {
    sendSuccess(res, { account: viewOfAccount(await accounts.get(String(req.params.id))) });
  });

  router.patch('/:id', requireJsonBody, async (req, res) => {
    const account = await accounts.update(String(req.params.id), parseInput(updateAccountSchema, req.body));
    sendSuccess(res, { account: viewOfAccount(account) }, 'Account updated');
  });

  router.delete('/:id', async (req, res) => {
    sendSuccess(res, { account: viewOfAccount(await accounts.remove(String(req.params.id))) }, 'Account removed');
  });

  return router;
}

export interface OwnAccountDeps {
  accounts: StaffAccountService;
  sessions: AdminSessionStore;
}

/**
 * The signed-in account's own password change: its current password first. Every other session of the
 * account ends (their stamp no longer matches); this one is given the new stamp and goes on. 403 for the
 * API key, which has no password.
 */
export async function changeOwnPassword(
  res: Response,
  deps: OwnAccountDeps,
  current: string,
  next: string,
): Promise<void> {
  const { accountId } = actorOf(res);
  if (!accountId) {
    throw new AppError('forbidden', 'Signed in with the API key: there is no account password to change.');
  }
  const account = await deps.accounts.changeOwnPassword(accountId, current, next);
  const own = (res.locals as AdminLocals).adminSession;
  if (own) {
    await deps.sessions.save(own.id, {
      ...own.session,
      account: { id: account.id, stamp: credentialStampOf(account) },
    });
  }
}

export function ownAccountRoutes(deps: OwnAccountDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const actor = actorOf(res);
    const account = actor.accountId ? await deps.accounts.get(actor.accountId) : undefined;
    sendSuccess(res, {
      actor: { by: actor.by, role: actor.role },
      account: account ? viewOfAccount(account) : null,
    });
  });

  router.post('/password', requireJsonBody, async (req, res) => {
    const { current_password, new_password } = parseInput(changePasswordSchema, req.body);
    await changeOwnPassword(res, deps, current_password, new_password);
    sendSuccess(res, {}, 'Password changed; your other sessions are signed out');
  });

  return router;
}
