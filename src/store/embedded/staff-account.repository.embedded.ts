/**
 * Staff accounts in one file, DATA_DIR/staff_accounts.json (mode 0600: it holds password hashes), rewritten
 * atomically on every change (a crash leaves the old or the new file, never a torn one). Read once, then
 * served from memory: the embedded engine is one process per DATA_DIR, so nobody else writes the file. A
 * handful of accounts: rewriting the whole file is cheaper than anything cleverer.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, toStorageError, writeFileAtomic } from '../../infra/atomic-file.js';
import { KeyedSerializer } from '../../infra/keyed-serializer.js';
import * as rules from '../staff-account.repository.js';
import type { StaffAccount, StaffAccountChanges, StaffAccountRepository } from '../staff-account.repository.js';

export const STAFF_ACCOUNTS_FILENAME = 'staff_accounts.json';

interface AccountsFile {
  version: 1;
  accounts: StaffAccount[];
}

export class EmbeddedStaffAccountRepository implements StaffAccountRepository {
  private readonly file: string;
  private loaded: Promise<StaffAccount[]> | undefined;
  private readonly writes = new KeyedSerializer();

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, STAFF_ACCOUNTS_FILENAME);
  }

  private accounts(): Promise<StaffAccount[]> {
    this.loaded ??= this.read();
    // A failed read is not remembered: the next call tries again.
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  private async read(): Promise<StaffAccount[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw toStorageError(err);
    }
    return (JSON.parse(text) as AccountsFile).accounts;
  }

  /** Runs `change` on a copy of the list, one change at a time, and keeps its result once it is on disk. */
  private change<T>(change: (accounts: StaffAccount[]) => { next: StaffAccount[]; result: T }): Promise<T> {
    return this.writes.run('accounts', async () => {
      const { next, result } = change([...(await this.accounts())]);
      try {
        await makePrivateDir(this.dataDir);
      } catch (err) {
        throw toStorageError(err);
      }
      const content: AccountsFile = { version: 1, accounts: next };
      await writeFileAtomic(this.file, `${JSON.stringify(content, null, 1)}\n`);
      this.loaded = Promise.resolve(next);
      return result;
    });
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.accounts()).map((a) => ({ ...a }));
  }

  async get(id: string): Promise<StaffAccount | undefined> {
    const found = (await this.accounts()).find((a) => a.id === id);
    return found && { ...found };
  }

  async findByEmail(email: string): Promise<StaffAccount | undefined> {
    const wanted = rules.normalizeEmail(email);
    const found = (await this.accounts()).find((a) => a.email === wanted);
    return found && { ...found };
  }

  create(account: StaffAccount): Promise<StaffAccount> {
    const stored = { ...account, email: rules.normalizeEmail(account.email) };
    return this.change((accounts) => {
      if (accounts.some((a) => a.email === stored.email)) throw rules.emailTakenError();
      return { next: [...accounts, stored], result: { ...stored } };
    });
  }

  update(id: string, changes: StaffAccountChanges, at: Date): Promise<StaffAccount> {
    return this.change((accounts) => {
      const after = rules.checkedUpdate(accounts, id, changes, at);
      return { next: accounts.map((a) => (a.id === id ? after : a)), result: { ...after } };
    });
  }

  remove(id: string): Promise<StaffAccount> {
    return this.change((accounts) => {
      const before = rules.checkedRemoval(accounts, id);
      return { next: accounts.filter((a) => a.id !== id), result: { ...before } };
    });
  }
}
