/**
 * Staff accounts: who may sign in to the workspace with an email and password, and in which role. Passwords
 * are hashed here (password-hash.ts); the store keeps the hash and enforces the unique email and "keep an
 * active admin" atomically. Nothing here answers with a hash: routes show `viewOfAccount`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../infra/app-error.js';
import type { StaffAccount, StaffAccountChanges, StaffAccountRepository } from '../store/staff-account.repository.js';
import { hashPassword, verifyNothing, verifyPassword } from './password-hash.js';
import type { CreateAccountInput, UpdateAccountInput } from './staff-account.schemas.js';
import type { StaffActor } from './staff-actor.js';

/** What the API and the page show of an account. */
export interface AccountView {
  id: string;
  email: string;
  name: string;
  role: StaffAccount['role'];
  disabled: boolean;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export function viewOfAccount(a: StaffAccount): AccountView {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    role: a.role,
    disabled: a.disabled_at !== null,
    created_at: a.created_at,
    updated_at: a.updated_at,
    disabled_at: a.disabled_at,
  };
}

/** Who an account acts as: its email is the `by` of what it does. */
export function actorOfAccount(a: StaffAccount): StaffActor {
  return { by: a.email, role: a.role, accountId: a.id, name: a.name };
}

/**
 * A label of the account's current password, kept in its sessions: a new password (changed by its owner or
 * reset by an admin) gives a new label, so every session made before it stops working at once, without a
 * list of sessions per account. The hash's random salt makes each label new; the label reveals nothing.
 */
export function credentialStampOf(a: StaffAccount): string {
  return createHash('sha256').update(`staff-session:${a.password_hash}`).digest('base64url').slice(0, 22);
}

export interface StaffAccountServiceDeps {
  accounts: StaffAccountRepository;
  now?: () => Date;
}

export class StaffAccountService {
  private readonly accounts: StaffAccountRepository;
  private readonly now: () => Date;

  constructor(deps: StaffAccountServiceDeps) {
    this.accounts = deps.accounts;
    this.now = deps.now ?? (() => new Date());
  }

  async list(): Promise<StaffAccount[]> {
    return this.accounts.list();
  }

  async get(id: string): Promise<StaffAccount> {
    const account = await this.accounts.get(id);
    if (!account) throw new AppError('not_found', 'There is no such account.');
    return account;
  }

  /** The account a session names, while it may still act (exists and is not disabled). */
  async activeAccount(id: string): Promise<StaffAccount | undefined> {
    const account = await this.accounts.get(id);
    return account && account.disabled_at === null ? account : undefined;
  }

  async create(input: CreateAccountInput): Promise<StaffAccount> {
    const at = this.now().toISOString();
    return this.accounts.create({
      id: randomBytes(16).toString('hex'),
      email: input.email,
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: at,
      updated_at: at,
      disabled_at: null,
    });
  }

  async update(id: string, input: UpdateAccountInput): Promise<StaffAccount> {
    const changes: StaffAccountChanges = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.password !== undefined) changes.password_hash = await hashPassword(input.password);
    if (input.disabled !== undefined) {
      const current = await this.get(id);
      // Keep the first time it was disabled; enabling clears it.
      changes.disabled_at = input.disabled ? (current.disabled_at ?? this.now().toISOString()) : null;
    }
    return this.accounts.update(id, changes, this.now());
  }

  async remove(id: string): Promise<StaffAccount> {
    return this.accounts.remove(id);
  }

  /**
   * The active account with this email and password, else undefined. An unknown email costs a hash too, and a
   * disabled account is checked like any other, so neither the answer nor its time tells which emails exist.
   */
  async signIn(email: string, password: string): Promise<StaffAccount | undefined> {
    const account = email ? await this.accounts.findByEmail(email) : undefined;
    const right = account ? await verifyPassword(password, account.password_hash) : await verifyNothing(password);
    return right && account && account.disabled_at === null ? account : undefined;
  }

  /** The owner's own change: the current password first. */
  async changeOwnPassword(id: string, current: string, next: string): Promise<StaffAccount> {
    const account = await this.get(id);
    if (!(await verifyPassword(current, account.password_hash))) {
      throw new AppError('validation_failed', 'The current password is not right; nothing was changed.', {
        errors: [{ field: 'current_password', message: 'is not right' }],
      });
    }
    return this.accounts.update(id, { password_hash: await hashPassword(next) }, this.now());
  }
}
