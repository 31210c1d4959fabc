/**
 * Where staff accounts are kept, whatever the engine: one file under DATA_DIR
 * (store/embedded/staff-account.repository.embedded.ts, one instance) or PostgreSQL
 * (store/postgres/staff-account.repository.pg.ts, any number of instances). Both pass
 * test/store/staff-account.contract.ts.
 *
 * Two rules hold in the engine itself, atomically, so no two writers (two instances, two admins clicking at
 * once) can break them: an email (lower-cased) belongs to one account, and once there is an active admin
 * account there stays at least one (the last one cannot be demoted, disabled or deleted: 409). The API key
 * is an admin way in besides, so this rule guards against an accident, not a lock-out.
 */
import { AppError } from '../infra/app-error.js';
import type { StaffRole } from '../admin/staff-actor.js';

export interface StaffAccount {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  role: StaffRole;
  /** password-hash.ts's string (it names its own parameters). Never leaves the server. */
  password_hash: string;
  created_at: string;
  updated_at: string;
  /** When an admin disabled it; null while it may sign in. */
  disabled_at: string | null;
}

export type StaffAccountChanges = Partial<Pick<StaffAccount, 'name' | 'role' | 'password_hash' | 'disabled_at'>>;

export interface StaffAccountRepository {
  /** Every account, oldest first. */
  list(): Promise<StaffAccount[]>;
  get(id: string): Promise<StaffAccount | undefined>;
  /** By email, whatever its case. */
  findByEmail(email: string): Promise<StaffAccount | undefined>;
  /** Stores a new account; 409 when its email is taken. */
  create(account: StaffAccount): Promise<StaffAccount>;
  /** Applies `changes` (and `updated_at`); 404 unknown, 409 when it would remove the last active admin. */
  update(id: string, changes: StaffAccountChanges, at: Date): Promise<StaffAccount>;
  /** Removes it and returns what it was; 404 unknown, 409 for the last active admin. */
  remove(id: string): Promise<StaffAccount>;
}

export function isActiveAdmin(account: Pick<StaffAccount, 'role' | 'disabled_at'>): boolean {
  return account.role === 'admin' && account.disabled_at === null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailTakenError(): AppError {
  return new AppError('conflict', 'An account with this email already exists.', {
    errors: [{ field: 'email', message: 'is already used by another account' }],
  });
}

export function accountNotFoundError(): AppError {
  return new AppError('not_found', 'There is no such account.');
}

export function lastAdminError(): AppError {
  return new AppError(
    'conflict',
    'This is the last active admin account: make another account an admin first (the API key stays an admin way in).',
  );
}

/**
 * Throws lastAdminError when changing `before` into `after` (undefined: removing it) would take away the
 * last active admin among `accounts` (all of them, `before` included).
 */
export function keepAnAdmin(accounts: StaffAccount[], before: StaffAccount, after: StaffAccount | undefined): void {
  if (!isActiveAdmin(before) || (after && isActiveAdmin(after))) return;
  if (!accounts.some((a) => a.id !== before.id && isActiveAdmin(a))) throw lastAdminError();
}

/** Account `id` of `accounts` changed, as the engines check it inside their lock: 404 unknown, 409 the last admin. */
export function checkedUpdate(
  accounts: StaffAccount[],
  id: string,
  changes: StaffAccountChanges,
  at: Date,
): StaffAccount {
  const before = accounts.find((a) => a.id === id);
  if (!before) throw accountNotFoundError();
  const after = { ...before, ...changes, updated_at: at.toISOString() };
  keepAnAdmin(accounts, before, after);
  return after;
}

/** Account `id` of `accounts`, which may be removed: 404 unknown, 409 the last active admin. */
export function checkedRemoval(accounts: StaffAccount[], id: string): StaffAccount {
  const before = accounts.find((a) => a.id === id);
  if (!before) throw accountNotFoundError();
  keepAnAdmin(accounts, before, undefined);
  return before;
}
