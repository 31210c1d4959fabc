/** What every StaffAccountRepository engine must do (run by durable-stores.*.test.ts). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { isAppError } from '../../src/infra/app-error.js';
import { openStaffAccounts } from '../../src/store/durable-stores.js';
import type { StaffAccount } from '../../src/store/staff-account.repository.js';
import { describeStoreContract, type DurableStoresEngine } from './durable-stores.engines.js';

const T0 = '2026-03-10T09:00:00.000Z';

function account(email: string, role: StaffAccount['role'] = 'agent', extra: Partial<StaffAccount> = {}): StaffAccount {
  return {
    id: randomBytes(16).toString('hex'),
    email,
    name: `Name of ${email}`,
    role,
    password_hash: `$scrypt$ln=16,r=8,p=1$${'s'.repeat(22)}$${'h'.repeat(43)}`,
    created_at: T0,
    updated_at: T0,
    disabled_at: null,
    ...extra,
  };
}

/** Asserts an AppError with this HTTP status. */
function refusedWith(status: number) {
  return (err: unknown) => {
    assert.ok(isAppError(err), String(err));
    assert.equal(err.status, status, err.message);
    return true;
  };
}

export function describeStaffAccountContract(engine: DurableStoresEngine): void {
  describeStoreContract('StaffAccountRepository', engine, openStaffAccounts, (stores) => {
    const accounts = () => stores.here;
    /**
     * Another writer at the same time: another instance on PostgreSQL; on the embedded files the same store
     * (one process per DATA_DIR is that engine's rule).
     */
    const rival = () => (engine.shared ? stores.elsewhere() : stores.here);

    it('keeps an account (email lower-cased), finds it by id and by email in any case, here and elsewhere', async () => {
      const made = await accounts().create(account('Ayesha@Example.COM', 'admin'));
      assert.equal(made.email, 'ayesha@example.com');
      const later = await accounts().create(
        account('bilal@example.com', 'agent', { created_at: '2026-03-11T09:00:00.000Z' }),
      );
      for (const view of [accounts(), stores.elsewhere()]) {
        assert.deepEqual(await view.get(made.id), made);
        assert.deepEqual(await view.findByEmail('AYESHA@example.com'), made);
        assert.deepEqual(await view.findByEmail(' ayesha@example.com '), made);
        assert.deepEqual(
          (await view.list()).map((a) => a.email),
          [made.email, later.email],
          'oldest first',
        );
        assert.equal(await view.get(randomBytes(16).toString('hex')), undefined);
        assert.equal(await view.findByEmail('nobody@example.com'), undefined);
      }
    });

    it('refuses a second account with the same email, whatever its case (409), also when both race', async () => {
      const first = await accounts().create(account('same@example.com'));
      await assert.rejects(accounts().create(account('SAME@example.com')), refusedWith(409));
      const results = await Promise.allSettled([
        accounts().create(account('race@example.com')),
        rival().create(account('Race@Example.com')),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'exactly one of the two');
      const rejected = results.find((r) => r.status === 'rejected');
      assert.ok(rejected && refusedWith(409)(rejected.reason));
      assert.deepEqual((await accounts().list()).map((a) => a.email).sort(), ['race@example.com', first.email]);
    });

    it('changes name, role, password hash and disabled, stamping updated_at; 404 for an unknown id', async () => {
      await accounts().create(account('boss@example.com', 'admin'));
      const a = await accounts().create(account('agent@example.com'));
      const at = new Date('2026-03-12T10:00:00.000Z');
      const changed = await accounts().update(
        a.id,
        { name: 'Renamed', role: 'admin', password_hash: '$scrypt$new', disabled_at: at.toISOString() },
        at,
      );
      assert.deepEqual(changed, {
        ...a,
        name: 'Renamed',
        role: 'admin',
        password_hash: '$scrypt$new',
        disabled_at: at.toISOString(),
        updated_at: at.toISOString(),
      });
      assert.deepEqual(await stores.elsewhere().get(a.id), changed);
      await assert.rejects(accounts().update(randomBytes(16).toString('hex'), { name: 'x' }, at), refusedWith(404));
    });

    it('keeps one active admin: the last one cannot be demoted, disabled or deleted (409, nothing changed)', async () => {
      const boss = await accounts().create(account('boss@example.com', 'admin'));
      const agent = await accounts().create(account('agent@example.com'));
      // A disabled admin does not count.
      await accounts().create(account('old@example.com', 'admin', { disabled_at: T0 }));
      const at = new Date();
      await assert.rejects(accounts().update(boss.id, { role: 'agent' }, at), refusedWith(409));
      await assert.rejects(accounts().update(boss.id, { disabled_at: at.toISOString() }, at), refusedWith(409));
      await assert.rejects(accounts().remove(boss.id), refusedWith(409));
      assert.deepEqual(await accounts().get(boss.id), boss);
      // Other changes to it, and anything about agents, are fine.
      await accounts().update(boss.id, { name: 'The boss' }, at);
      await accounts().remove(agent.id);
      // With a second active admin, either may go.
      const second = await accounts().create(account('second@example.com', 'admin'));
      await accounts().update(boss.id, { role: 'agent' }, at);
      await assert.rejects(accounts().remove(second.id), refusedWith(409));
      assert.equal((await accounts().get(second.id))?.role, 'admin');
    });

    // The two writes are sent together but nothing forces them to overlap inside the database: it guards the
    // outcome; staff-account.pg.test.ts makes them overlap (and fails without the store's table lock).
    it('two admins demoting each other at once: one wins, one active admin stays', async () => {
      const a = await accounts().create(account('a@example.com', 'admin'));
      const b = await accounts().create(account('b@example.com', 'admin'));
      const at = new Date();
      const results = await Promise.allSettled([
        accounts().update(a.id, { role: 'agent' }, at),
        rival().update(b.id, { role: 'agent' }, at),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const admins = (await accounts().list()).filter((x) => x.role === 'admin');
      assert.equal(admins.length, 1);
    });

    it('removes an account and returns what it was; 404 for an unknown one', async () => {
      await accounts().create(account('boss@example.com', 'admin'));
      const a = await accounts().create(account('gone@example.com'));
      assert.deepEqual(await accounts().remove(a.id), a);
      assert.equal(await accounts().get(a.id), undefined);
      assert.equal(await stores.elsewhere().findByEmail('gone@example.com'), undefined);
      await assert.rejects(accounts().remove(a.id), refusedWith(404));
      // The email is free again.
      await accounts().create(account('gone@example.com'));
    });
  });
}
