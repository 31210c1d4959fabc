/**
 * Staff accounts in PostgreSQL (`staff_accounts`, migration 0003), shared by every instance. The email's
 * uniqueness is the table's unique index; "keep an active admin" needs to see every row, so changes that
 * could break it run in a transaction that first locks the table against other writers (readers, such as
 * every admin request re-reading its account, are not blocked).
 */
import { databaseOp, query, withTransaction, type Pool, type PoolClient } from '../../infra/postgres.client.js';
import {
  checkedRemoval,
  checkedUpdate,
  emailTakenError,
  normalizeEmail,
  type StaffAccount,
  type StaffAccountChanges,
  type StaffAccountRepository,
} from '../staff-account.repository.js';
import type { StaffRole } from '../../admin/staff-actor.js';

interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'id, email, name, role, password_hash, created_at, updated_at, disabled_at';

function accountOf(row: AccountRow): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    password_hash: row.password_hash,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    disabled_at: row.disabled_at ? row.disabled_at.toISOString() : null,
  };
}

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

async function lockedAccounts(client: PoolClient): Promise<StaffAccount[]> {
  await client.query('LOCK TABLE staff_accounts IN EXCLUSIVE MODE');
  const { rows } = await client.query<AccountRow>(`SELECT ${COLUMNS} FROM staff_accounts`);
  return rows.map(accountOf);
}

export class PostgresStaffAccountRepository implements StaffAccountRepository {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<StaffAccount[]> {
    const rows = await query<AccountRow>(this.pool, `SELECT ${COLUMNS} FROM staff_accounts ORDER BY created_at, id`);
    return rows.map(accountOf);
  }

  async get(id: string): Promise<StaffAccount | undefined> {
    const rows = await query<AccountRow>(this.pool, `SELECT ${COLUMNS} FROM staff_accounts WHERE id = $1`, [id]);
    return rows[0] && accountOf(rows[0]);
  }

  async findByEmail(email: string): Promise<StaffAccount | undefined> {
    const rows = await query<AccountRow>(this.pool, `SELECT ${COLUMNS} FROM staff_accounts WHERE email = $1`, [
      normalizeEmail(email),
    ]);
    return rows[0] && accountOf(rows[0]);
  }

  async create(account: StaffAccount): Promise<StaffAccount> {
    const a = { ...account, email: normalizeEmail(account.email) };
    await databaseOp(async () => {
      try {
        await this.pool.query(`INSERT INTO staff_accounts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          a.id,
          a.email,
          a.name,
          a.role,
          a.password_hash,
          a.created_at,
          a.updated_at,
          a.disabled_at,
        ]);
      } catch (err) {
        if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw emailTakenError();
        throw err;
      }
    });
    return a;
  }

  update(id: string, changes: StaffAccountChanges, at: Date): Promise<StaffAccount> {
    return withTransaction(this.pool, async (client) => {
      const after = checkedUpdate(await lockedAccounts(client), id, changes, at);
      await client.query(
        `UPDATE staff_accounts SET name = $2, role = $3, password_hash = $4, updated_at = $5, disabled_at = $6
         WHERE id = $1`,
        [id, after.name, after.role, after.password_hash, after.updated_at, after.disabled_at],
      );
      return after;
    });
  }

  remove(id: string): Promise<StaffAccount> {
    return withTransaction(this.pool, async (client) => {
      const before = checkedRemoval(await lockedAccounts(client), id);
      await client.query('DELETE FROM staff_accounts WHERE id = $1', [id]);
      return before;
    });
  }
}
