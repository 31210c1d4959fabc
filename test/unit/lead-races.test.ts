/**
 * "One visitor, one lead" under races between instances: three LeadServices (three instances; on
 * PostgreSQL each with its own pool) over one store, hit at once. Each ends with one lead per
 * conversation, one lead per email, and no detail lost, whichever instance won each race.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { isAppError } from '../../src/infra/app-error.js';
import { LeadService } from '../../src/leads/lead.service.js';
import type { LeadRecord } from '../../src/leads/lead.types.js';
import type { LeadRepository } from '../../src/store/lead.repository.js';
import { LEAD_ENGINES } from '../helpers/fixture.js';
import { useLeadRepository } from '../helpers/lead-engines.js';

async function all(repo: LeadRepository): Promise<LeadRecord[]> {
  const out: LeadRecord[] = [];
  for await (const r of repo.scan()) out.push(r);
  return out;
}

for (const engine of LEAD_ENGINES) {
  describe(`lead races between instances (${engine.name})`, () => {
    const stores = useLeadRepository(engine.database);
    let repo: LeadRepository;
    let instances: LeadService[];

    beforeEach(async () => {
      repo = await stores.fresh();
      const service = (leads: LeadRepository) =>
        new LeadService({
          leads,
          timezone: 'UTC',
          defaultCountry: undefined,
          eraseConversation: () => Promise.resolve(),
          eraseLeadRecords: () => Promise.resolve(),
        });
      instances = [service(repo), service(stores.another()), service(stores.another())];
    });
    const on = (i: number) => instances[i % instances.length]!;

    it("one visitor's turns on three instances at once make one lead with every detail", async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          on(i).saveFromForm('visitor-racing-1', {
            fields: { [`Answer ${i}`]: `value ${i}` },
          }),
        ),
      );
      const leads = await all(repo);
      assert.equal(leads.length, 1, 'one lead for the conversation');
      assert.equal(leads[0]?.client_id, 'visitor-racing-1');
      assert.equal(Object.keys(leads[0]?.fields ?? {}).length, 12, 'no turn lost another one’s detail');
      assert.equal(Object.keys(leads[0]?.conversations ?? {}).length, 1);
    });

    it('twenty visitors giving one email at once end on one lead, each conversation linked to it', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          on(i).saveFromForm(`visitor-shared-${i}`, {
            email: 'shared@racing.example',
            name: `Visitor ${i}`,
          }),
        ),
      );
      const leads = await all(repo);
      assert.equal(leads.length, 1, 'one lead per email');
      assert.equal(leads[0]?.email, 'shared@racing.example');
      assert.equal(Object.keys(leads[0]?.conversations ?? {}).length, 20, 'every conversation joined it');
      for (let i = 0; i < 20; i++) assert.equal((await repo.findByClientId(`visitor-shared-${i}`))?.id, leads[0]?.id);
    });

    it('staff edits and a visitor turn racing on one lead keep every change', async () => {
      const lead = await on(0).saveFromForm('visitor-edited-1', {
        name: 'Edited',
        email: 'edited@racing.example',
      });
      await Promise.all([
        on(1).updateLead(lead.id, { notes: 'called back' }, 'api key'),
        on(2).updateLead(lead.id, { status: 'contacted' }, 'api key'),
        on(0).updateLead(lead.id, { fields: { Budget: '5000' } }, 'api key'),
        on(1).saveFromForm('visitor-edited-1', { company: 'Racing Ltd' }),
        on(2).updateLead(lead.id, { follow_up_at: '2026-06-01' }, 'api key'),
      ]);
      const stored = await repo.get(lead.id);
      assert.equal(stored?.notes, 'called back');
      assert.equal(stored?.status, 'contacted');
      assert.equal(stored?.fields.Budget, '5000');
      assert.equal(stored?.company, 'Racing Ltd');
      assert.equal(stored?.follow_up_at, '2026-06-01');
    });

    it('racing API creates with one email: one is created, the others are told 409 with the holder', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          on(i).createLead({ name: `Racer ${i}`, email: 'api@racing.example' }, 'api key'),
        ),
      );
      const created = results.filter((r) => r.status === 'fulfilled');
      assert.equal(created.length, 1);
      const holder = (created[0] as PromiseFulfilledResult<LeadRecord>).value;
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        const err: unknown = r.reason;
        assert.ok(isAppError(err) && err.status === 409, `refused with ${String(err)}`);
        assert.equal(err.data?.lead_id, holder.id);
      }
      assert.equal((await all(repo)).length, 1);
    });
  });
}
