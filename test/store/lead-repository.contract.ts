/**
 * What every LeadRepository engine must do, run by one test file per engine (lead-repository.*.test.ts):
 * the same cases prove the embedded files and PostgreSQL behave the same for the services above them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isAppError } from '../../src/infra/app-error.js';
import { emptyDetails, type LeadRecord, type LeadStatus } from '../../src/leads/lead.types.js';
import {
  LeadConflictError,
  type LeadListQuery,
  type LeadRepository,
  type LeadScanFilter,
} from '../../src/store/lead.repository.js';

export interface OpenedRepository {
  repo: LeadRepository;
  close(): Promise<void>;
}

export interface LeadRepositoryEngine {
  name: string;
  /** Registers the engine's own before/after hooks (a server to start) inside the contract's describe block. */
  hooks?: () => void;
  /**
   * A repository over an empty store (called before each test); scans read in batches of `scanBatch` when
   * the engine can, and a search's total is exact up to `exactTotalUpTo` matches when the engine bounds it.
   */
  open(options: { scanBatch: number; exactTotalUpTo: number }): Promise<OpenedRepository>;
  /** Whether a search's total is bounded (PostgreSQL) or always exact (the embedded engine, all in memory). */
  boundsTotals: boolean;
}

/** The bound on an exact search total of the case about it (the others' totals are all exact: 1,000). */
const EXACT_TOTAL_UP_TO = 3;

const BASE = Date.parse('2026-03-01T09:00:00.000Z');

/** The n-th minute after BASE, as the ISO string the services write. */
export function minute(n: number): string {
  return new Date(BASE + n * 60_000).toISOString();
}

export function makeLead(n: number, overrides: Partial<LeadRecord> = {}): LeadRecord {
  const at = minute(n);
  const unset = {
    client_id: null,
    notes: null,
    follow_up_at: null,
    meeting: null,
    meeting_client_id: null,
  };
  const id = randomBytes(16).toString('hex');
  return {
    id,
    ...emptyDetails(),
    ...unset,
    status: 'new',
    source: 'api',
    created_at: at,
    updated_at: at,
    conversations: {},
    ...overrides,
  };
}

/** A lead created by a conversation, which also gave these details. */
function chatLead(n: number, clientId: string, details: Partial<LeadRecord> = {}): LeadRecord {
  const lead = makeLead(n, { client_id: clientId, source: 'chat', ...details });
  lead.conversations[clientId] = {
    ...emptyDetails(),
    email: lead.email,
    phone: lead.phone,
    name: lead.name,
    created_at: lead.created_at,
    source: 'chat',
    view_id: lead.id,
  };
  return lead;
}

async function collect(iterable: AsyncIterable<LeadRecord>): Promise<LeadRecord[]> {
  const out: LeadRecord[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

function ids(records: LeadRecord[]): string[] {
  return records.map((r) => r.id);
}

async function rejectsWithConflict(
  promise: Promise<unknown>,
  expected: Pick<LeadConflictError, 'field' | 'value' | 'leadId'>,
): Promise<void> {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof LeadConflictError, `expected a LeadConflictError, got ${String(err)}`);
    assert.deepEqual({ field: err.field, value: err.value, leadId: err.leadId }, expected);
    assert.equal(err.status, 409);
    return true;
  });
}

export function describeLeadRepositoryContract(engine: LeadRepositoryEngine): void {
  describe(`LeadRepository contract: ${engine.name}`, () => {
    engine.hooks?.();
    let opened: OpenedRepository;
    let repo: LeadRepository;
    beforeEach(async () => {
      opened = await engine.open({ scanBatch: 3, exactTotalUpTo: 1000 });
      repo = opened.repo;
    });
    afterEach(async () => {
      await opened.close();
    });

    it('gives back what was put, field for field and in the same key order', async () => {
      const lead = chatLead(1, 'client-aaaaaaaa', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
      lead.fields = { zeta: 'last label first', budget: '5000', a: 'short' };
      lead.meeting = {
        status: 'scheduled',
        start: minute(100),
        end: minute(130),
        event_id: 'ev1',
        meet_link: null,
        html_link: 'https://calendar.example/ev1',
      };
      lead.activity = [
        {
          type: 'conversation_linked',
          at: minute(1),
          by: 'visitor',
          data: { client_id: 'x' },
        },
      ];
      await repo.put(lead);
      const back = await repo.get(lead.id);
      assert.deepEqual(back, lead);
      assert.deepEqual(Object.keys(back?.fields ?? {}), ['zeta', 'budget', 'a']);
      assert.equal(await repo.get(randomBytes(16).toString('hex')), undefined);
      assert.equal(await repo.get('not-an-id'), undefined);
    });

    it('finds a lead by each of its conversations, its email and its phone', async () => {
      const lead = chatLead(1, 'client-first-1', {
        email: 'one@example.com',
        phone: '+14155550101',
      });
      lead.conversations['client-second'] = {
        ...emptyDetails(),
        email: 'other@example.com',
        phone: null,
      };
      await repo.put(lead);
      assert.equal((await repo.findByClientId('client-first-1'))?.id, lead.id);
      assert.equal((await repo.findByClientId('client-second'))?.id, lead.id);
      assert.equal((await repo.findByEmail('one@example.com'))?.id, lead.id);
      assert.equal((await repo.findByEmail('other@example.com'))?.id, lead.id, 'a conversation gave it');
      assert.equal((await repo.findByPhone('+14155550101'))?.id, lead.id);
      assert.equal(await repo.findByClientId('client-unknown'), undefined);
      assert.equal(await repo.findByEmail('nobody@example.com'), undefined);
      assert.equal(await repo.findByPhone('+14155550199'), undefined);
    });

    it('prefers the lead whose own email it is over one whose conversation merely gave it', async () => {
      const owner = makeLead(1, {
        email: 'shared@example.com',
        phone: '+14155550102',
      });
      await repo.put(owner);
      const other = chatLead(2, 'client-other', {});
      other.conversations['client-other']!.email = 'shared@example.com';
      other.conversations['client-other']!.phone = '+14155550102';
      await repo.put(other); // written last
      assert.equal((await repo.findByEmail('shared@example.com'))?.id, owner.id);
      assert.equal((await repo.findByPhone('+14155550102'))?.id, owner.id);
    });

    it('refuses an email, a phone or a conversation another lead holds, changing nothing', async () => {
      const holder = chatLead(1, 'client-holder', {
        email: 'taken@example.com',
        phone: '+14155550103',
      });
      await repo.put(holder);
      const byEmail = makeLead(2, { email: 'taken@example.com' });
      await rejectsWithConflict(repo.put(byEmail), {
        field: 'email',
        value: 'taken@example.com',
        leadId: holder.id,
      });
      const byPhone = makeLead(3, { phone: '+14155550103' });
      await rejectsWithConflict(repo.put(byPhone), {
        field: 'phone',
        value: '+14155550103',
        leadId: holder.id,
      });
      const byConversation = chatLead(4, 'client-holder', {
        email: 'free@example.com',
      });
      await rejectsWithConflict(repo.put(byConversation), {
        field: 'client_id',
        value: 'client-holder',
        leadId: holder.id,
      });
      for (const refused of [byEmail, byPhone, byConversation]) assert.equal(await repo.get(refused.id), undefined);
      assert.equal(await repo.findByEmail('free@example.com'), undefined, 'the refused put left nothing behind');
      assert.deepEqual(await repo.list({ limit: 10, offset: 0 }), {
        leads: [holder],
        total: 1,
        totalExact: true,
      });
    });

    it('lets a lead keep its own values, and frees an email it gives up', async () => {
      const lead = makeLead(1, { email: 'old@example.com' });
      await repo.put(lead);
      await repo.put({ ...lead, name: 'Renamed', updated_at: minute(5) });
      await repo.put({
        ...lead,
        email: 'new@example.com',
        updated_at: minute(6),
      });
      const other = makeLead(2, { email: 'old@example.com' });
      await repo.put(other);
      assert.equal((await repo.findByEmail('old@example.com'))?.id, other.id);
      assert.equal((await repo.findByEmail('new@example.com'))?.id, lead.id);
    });

    it('moves a conversation between leads only after its first lead let it go', async () => {
      const first = chatLead(1, 'client-moving');
      await repo.put(first);
      const second = chatLead(2, 'client-moving');
      await assert.rejects(repo.put(second), LeadConflictError);
      await repo.put({ ...first, client_id: null, conversations: {} });
      await repo.put(second);
      assert.equal((await repo.findByClientId('client-moving'))?.id, second.id);
    });

    it('lists newest first with limit, offset and the total', async () => {
      const leads: LeadRecord[] = [];
      for (let i = 0; i < 7; i++) leads.push(makeLead(i, { name: `Lead ${i}` }));
      for (const lead of leads) await repo.put(lead);
      const newestFirst = ids([...leads].reverse());
      const page1 = await repo.list({ limit: 3, offset: 0 });
      assert.equal(page1.total, 7);
      assert.deepEqual(ids(page1.leads), newestFirst.slice(0, 3));
      const page3 = await repo.list({ limit: 3, offset: 6 });
      assert.deepEqual(ids(page3.leads), newestFirst.slice(6));
      assert.deepEqual(await repo.list({ limit: 3, offset: 7 }), {
        leads: [],
        total: 7,
        totalExact: true,
      });
      // An update keeps its place (the list is by creation) and is read back as written.
      const updated = {
        ...leads[2]!,
        status: 'contacted' as LeadStatus,
        updated_at: minute(50),
      };
      await repo.put(updated);
      const all = await repo.list({ limit: 10, offset: 0 });
      assert.deepEqual(ids(all.leads), newestFirst);
      assert.deepEqual(all.leads[4], updated);
    });

    it('filters by status and searches name, email, phone, company and notes, case-insensitively', async () => {
      const ada = makeLead(1, {
        name: 'Ada Lovelace',
        company: 'Analytical Engines',
        status: 'qualified',
      });
      const bob = makeLead(2, {
        name: 'Bob',
        email: 'bob@builders.example',
        status: 'new',
      });
      const cy = makeLead(3, {
        name: 'Cy',
        phone: '+14155550104',
        notes: 'Wants 100% uptime_SLA',
        status: 'new',
      });
      const dee = makeLead(4, {
        name: 'Dee',
        company: 'ENGINE room',
        status: 'qualified',
      });
      for (const lead of [ada, bob, cy, dee]) await repo.put(lead);
      const list = (query: { status?: LeadStatus; q?: string }) => repo.list({ limit: 10, offset: 0, ...query });
      const found = async (query: { status?: LeadStatus; q?: string }) => {
        const { leads, total } = await list(query);
        assert.equal(total, leads.length);
        return ids(leads);
      };
      assert.deepEqual(await found({ status: 'qualified' }), [dee.id, ada.id]);
      assert.deepEqual(await found({ status: 'lost' }), []);
      assert.deepEqual(await found({ q: 'engine' }), [dee.id, ada.id]);
      assert.deepEqual(await found({ q: '  LOVELACE ' }), [ada.id]);
      assert.deepEqual(await found({ q: 'builders.example' }), [bob.id]);
      assert.deepEqual(await found({ q: '5550104' }), [cy.id]);
      assert.deepEqual(await found({ q: '100%' }), [cy.id]);
      assert.deepEqual(await found({ q: 'a%e' }), [], 'a % in q is a character, not a wildcard');
      assert.deepEqual(await found({ q: 'p_i' }), [], 'an _ in q is a character, not a wildcard');
      assert.deepEqual(await found({ q: 'uptime_sla' }), [cy.id]);
      assert.deepEqual(await found({ q: 'engine', status: 'new' }), []);
      assert.deepEqual(await found({ q: 'b', status: 'new' }), [bob.id]);
      const paged = await list({ q: 'e' });
      assert.equal(paged.total, 4);
      assert.deepEqual(ids((await repo.list({ q: 'e', limit: 2, offset: 1 })).leads), [cy.id, bob.id]);
    });

    it("a search's total is the exact number of matching leads on every page, and follows edits and removals", async () => {
      // 15 of 17 leads match "acme" (by company, email, name or notes); two do not.
      const leads = Array.from({ length: 17 }, (_, i) =>
        makeLead(i, {
          name: i % 4 === 3 ? `Acme fan ${i}` : `Person ${i}`,
          email: i % 4 === 1 ? `p${i}@acme.example` : `p${i}@other.example`,
          company: i % 4 === 0 ? 'ACME Logistics' : null,
          notes: i % 4 === 2 && i < 10 ? 'Works at acme' : null,
          status: i % 3 === 0 ? 'qualified' : 'new',
        }),
      );
      for (const lead of leads) await repo.put(lead);
      const haystack = (l: LeadRecord) => [l.name, l.email, l.company, l.notes].join(' ').toLowerCase();
      const matching = leads.filter((l) => haystack(l).includes('acme')).reverse();
      assert.equal(matching.length, 15);
      const pages = [];
      for (let offset = 0; offset < 15; offset += 4) {
        const page = await repo.list({ q: 'acme', limit: 4, offset });
        assert.equal(page.total, 15, `total at offset ${offset}`);
        pages.push(...ids(page.leads));
      }
      assert.deepEqual(pages, ids(matching), 'the pages together are every match, newest first, once');
      const qualified = matching.filter((l) => l.status === 'qualified');
      const withStatus = await repo.list({ q: 'acme', status: 'qualified', limit: 2, offset: 1 });
      assert.equal(withStatus.total, qualified.length);
      assert.deepEqual(ids(withStatus.leads), ids(qualified.slice(1, 3)));
      const byName = await repo.list({ q: 'acme', limit: 3, offset: 0, sort: 'name', order: 'asc' });
      assert.equal(byName.total, 15);
      assert.deepEqual(
        byName.leads.map((l) => l.name),
        matching
          .map((l) => l.name)
          .sort()
          .slice(0, 3),
      );
      // An edit that takes "acme" away, one that brings it, a status change, and a removal.
      const [first, second, third] = matching;
      await repo.update(first!.id, (l) => ({ ...l, company: 'Zenith', email: null, name: 'Nobody', notes: null }));
      const outsider = leads.find((l) => !haystack(l).includes('acme'))!;
      await repo.update(outsider.id, (l) => ({ ...l, notes: 'Moved to ACME' }));
      await repo.update(second!.id, (l) => ({ ...l, status: 'lost' }));
      await repo.remove(third!.id);
      const after = await repo.list({ q: 'acme', limit: 50, offset: 0 });
      assert.equal(after.total, 14);
      assert.deepEqual(
        new Set(ids(after.leads)),
        new Set([...ids(matching.slice(1)), outsider.id].filter((id) => id !== third!.id)),
      );
      assert.equal((await repo.list({ q: 'acme', status: 'lost', limit: 5, offset: 0 })).total, 1);
      assert.equal((await repo.countByStatus('acme')).counts.lost, 1);
      // A page past the last match: no leads, the same total.
      assert.deepEqual(
        await repo.list({ q: 'acme', limit: 5, offset: 40 }).then((p) => [p.leads.length, p.total]),
        [0, 14],
      );
      // An export of a search, with the other filters, across scan batches.
      const scanned = ids(await collect(repo.scan({ q: 'acme' })));
      assert.deepEqual(scanned, [...ids(after.leads)].reverse());
      const some = [outsider.id, second!.id, leads[0]!.id];
      assert.deepEqual(
        ids(await collect(repo.scan({ q: 'acme', ids: some }))),
        scanned.filter((id) => some.includes(id)),
      );
      assert.deepEqual(ids(await collect(repo.scan({ q: 'acme', status: 'lost' }))), [second!.id]);
    });

    it('lists deep pages newest first, with and without a status', async () => {
      const leads = Array.from({ length: 40 }, (_, i) => makeLead(i, { status: i % 3 ? 'new' : 'contacted' }));
      for (const lead of leads) await repo.put(lead);
      const order = [...leads].reverse();
      const page = await repo.list({ limit: 7, offset: 30 });
      assert.equal(page.total, 40);
      assert.deepEqual(ids(page.leads), ids(order.slice(30, 37)));
      const news = order.filter((l) => l.status === 'new');
      const filtered = await repo.list({ status: 'new', limit: 4, offset: 15 });
      assert.equal(filtered.total, news.length);
      assert.deepEqual(ids(filtered.leads), ids(news.slice(15, 19)));
      const oldest = await repo.list({ limit: 3, offset: 36, order: 'asc' });
      assert.deepEqual(ids(oldest.leads), ids([...order].reverse().slice(36, 39)));
    });

    it('knows no first lead while empty', async () => {
      assert.equal(await repo.firstCreatedAt(), undefined);
      assert.deepEqual(await repo.tally([minute(0), minute(60)]), {
        created: [],
        meetings: [],
      });
    });

    it('scans every lead oldest first, across batches, with the filters reports and exports use', async () => {
      const leads = [
        makeLead(0, { status: 'new', name: 'Alpha' }),
        makeLead(10, { status: 'follow_up', name: 'Bravo' }),
        makeLead(20, {
          status: 'new',
          name: 'Charlie',
          follow_up_at: '2026-03-05',
        }),
        makeLead(30, { status: 'lost', name: 'Delta' }),
        makeLead(40, { status: 'new', name: 'Echo' }),
        makeLead(50, { status: 'new', name: 'Foxtrot' }),
        makeLead(60, { status: 'new', name: 'Golf' }),
      ];
      for (const lead of leads) await repo.put(lead);
      // One updated later: a report of that window has it although it was created before.
      const updated = { ...leads[1]!, updated_at: minute(55) };
      await repo.put(updated);
      const scan = async (filter?: LeadScanFilter) => ids(await collect(repo.scan(filter)));
      assert.deepEqual(await scan(), ids(leads));
      assert.deepEqual(await scan({ status: 'new' }), ids([leads[0]!, leads[2]!, leads[4]!, leads[5]!, leads[6]!]));
      assert.deepEqual(await scan({ q: 'o' }), ids([leads[1]!, leads[4]!, leads[5]!, leads[6]!]));
      assert.deepEqual(await scan({ followUp: true }), ids([leads[1]!, leads[2]!]));
      assert.deepEqual(
        await scan({ changedIn: { from: minute(30), before: minute(56) } }),
        ids([leads[1]!, leads[3]!, leads[4]!, leads[5]!]),
      );
      assert.deepEqual(await scan({ status: 'lost', q: 'nothing' }), []);
      assert.deepEqual((await collect(repo.scan()))[1], updated);
    });

    it('scans the leads whose meeting is in one of the given states (the meetings view)', async () => {
      const meeting = (status: 'proposed' | 'requested' | 'scheduled' | 'cancelled', n: number) => ({
        status,
        start: minute(1000 + n),
        end: minute(1030 + n),
        event_id: null,
        meet_link: null,
        html_link: null,
      });
      const leads = [
        makeLead(0, { name: 'None' }),
        makeLead(1, { meeting: meeting('requested', 1) }),
        makeLead(2, { meeting: meeting('scheduled', 2), status: 'meeting_scheduled' }),
        makeLead(3, { meeting: meeting('cancelled', 3) }),
        makeLead(4, { meeting: meeting('proposed', 4) }),
      ];
      for (const lead of leads) await repo.put(lead);
      const scan = async (filter: LeadScanFilter) => ids(await collect(repo.scan(filter)));
      assert.deepEqual(await scan({ meetingStatus: ['requested', 'scheduled'] }), ids([leads[1]!, leads[2]!]));
      assert.deepEqual(await scan({ meetingStatus: ['cancelled'] }), ids([leads[3]!]));
      assert.deepEqual(await scan({ meetingStatus: [] }), []);
      // A meeting that changes state leaves the filter: the engine reads the stored meeting, not a stale copy.
      await repo.update(leads[1]!.id, (r) => ({ ...r, meeting: meeting('cancelled', 1) }));
      assert.deepEqual(await scan({ meetingStatus: ['requested', 'scheduled'] }), ids([leads[2]!]));
    });

    it('removes a lead: gone from reads, lookups, lists and totals; its email and conversation freed', async () => {
      const keep = makeLead(1, { name: 'Keep' });
      const gone = chatLead(2, 'client-gone', {
        name: 'Gone',
        email: 'gone@example.com',
        status: 'contacted',
      });
      await repo.put(keep);
      await repo.put(gone);
      await repo.remove(gone.id);
      assert.equal(await repo.get(gone.id), undefined);
      assert.equal(await repo.findByClientId('client-gone'), undefined);
      assert.equal(await repo.findByEmail('gone@example.com'), undefined);
      assert.deepEqual(await repo.list({ limit: 10, offset: 0 }), {
        leads: [keep],
        total: 1,
        totalExact: true,
      });
      assert.deepEqual(await repo.list({ status: 'contacted', limit: 10, offset: 0 }), {
        leads: [],
        total: 0,
        totalExact: true,
      });
      assert.deepEqual(ids(await collect(repo.scan())), [keep.id]);
      await assert.rejects(repo.remove(gone.id), (err) => isAppError(err) && err.code === 'not_found');
      await assert.rejects(repo.remove('not-an-id'), (err) => isAppError(err) && err.code === 'not_found');
      await repo.put(chatLead(3, 'client-gone', { email: 'gone@example.com' }));
    });

    it('updates a lead under its lock: 20 racing edits each add a field and none is lost', async () => {
      const lead = makeLead(1, { name: 'Racy' });
      await repo.put(lead);
      const edits = Array.from({ length: 20 }, (_, i) =>
        repo.update(lead.id, (current) => {
          current.fields[`answer${i}`] = String(i);
          current.updated_at = minute(10 + i);
          return current;
        }),
      );
      await Promise.all(edits);
      const stored = await repo.get(lead.id);
      assert.equal(Object.keys(stored?.fields ?? {}).length, 20, 'every edit saw the one before it');
      assert.equal(stored?.name, 'Racy');
    });

    it('update: returns what it stored, writes nothing for no edit, refuses a conflict and an unknown lead', async () => {
      const holder = makeLead(1, { email: 'held@example.com' });
      const lead = makeLead(2, { name: 'Before' });
      await repo.put(holder);
      await repo.put(lead);
      const stored = await repo.update(lead.id, (current) => ({
        ...current,
        name: 'After',
        updated_at: minute(9),
      }));
      assert.equal(stored.name, 'After');
      assert.deepEqual(await repo.get(lead.id), stored);
      assert.deepEqual(await repo.update(lead.id, () => undefined), stored, 'no edit: the lead as it is');
      await rejectsWithConflict(
        repo.update(lead.id, (current) => ({
          ...current,
          email: 'held@example.com',
        })),
        { field: 'email', value: 'held@example.com', leadId: holder.id },
      );
      assert.deepEqual(await repo.get(lead.id), stored, 'the refused edit changed nothing');
      await assert.rejects(
        repo.update(lead.id, () => {
          throw new Error('edit failed');
        }),
        /edit failed/,
      );
      assert.deepEqual(await repo.get(lead.id), stored);
      for (const id of [randomBytes(16).toString('hex'), 'not-an-id']) {
        await assert.rejects(
          repo.update(id, (c) => c),
          (err) => isAppError(err) && err.code === 'not_found',
        );
      }
    });

    it('updateMany: edits every lead given, skips one that is gone, and throws a failure after trying the rest', async () => {
      const leads = [makeLead(1, { name: 'One' }), makeLead(2, { name: 'Two' }), makeLead(3, { name: 'Three' })];
      for (const lead of leads) await repo.put(lead);
      const rename = (name: string) => (current: LeadRecord) => ({ ...current, name });
      await repo.updateMany(
        new Map([
          [leads[0]!.id, rename('One after')],
          [randomBytes(16).toString('hex'), rename('Nobody')],
          [leads[1]!.id, rename('Two after')],
        ]),
      );
      assert.deepEqual(await Promise.all(leads.map(async (l) => (await repo.get(l.id))?.name)), [
        'One after',
        'Two after',
        'Three',
      ]);
      await assert.rejects(
        repo.updateMany(
          new Map([
            [
              leads[0]!.id,
              () => {
                throw new Error('edit failed');
              },
            ],
            [leads[2]!.id, rename('Three after')],
          ]),
        ),
        /edit failed/,
      );
      assert.equal((await repo.get(leads[2]!.id))?.name, 'Three after', 'the other lead was written');
      assert.equal((await repo.get(leads[0]!.id))?.name, 'One after');
    });

    it("counts the matching leads' field labels in the order they first appear", async () => {
      await repo.put(makeLead(1, { fields: { budget: '1', team: '2' } }));
      await repo.put(
        makeLead(2, {
          fields: { timeline: 'q3', budget: '5' },
          status: 'lost',
        }),
      );
      await repo.put(makeLead(3, { fields: { zeta: 'z', team: '9', alpha: 'a' } }));
      await repo.put(makeLead(4, { fields: {} }));
      assert.deepEqual(await repo.fieldLabels(), [
        { label: 'budget', leads: 2 },
        { label: 'team', leads: 2 },
        { label: 'timeline', leads: 1 },
        { label: 'zeta', leads: 1 },
        { label: 'alpha', leads: 1 },
      ]);
      assert.deepEqual(await repo.fieldLabels({ status: 'lost' }), [
        { label: 'timeline', leads: 1 },
        { label: 'budget', leads: 1 },
      ]);
      assert.deepEqual(await repo.fieldLabels({ q: 'nobody' }), []);
    });

    it('answers a lower bound for a search matching more leads than the engine counts, and pages past it', async () => {
      await opened.close();
      opened = await engine.open({ scanBatch: 3, exactTotalUpTo: EXACT_TOTAL_UP_TO });
      repo = opened.repo;
      const acme = Array.from({ length: 7 }, (_, i) =>
        makeLead(i, { company: `Acme ${i}`, name: `Zed ${6 - i}`, status: i === 2 ? 'lost' : 'new' }),
      );
      for (const lead of acme) await repo.put(lead);
      await repo.put(makeLead(10, { company: 'Other' }));
      const newest = ids([...acme].reverse());
      const bounded = engine.boundsTotals;
      const page = async (offset: number, extra: Partial<LeadListQuery> = {}) => {
        const { leads, total, totalExact } = await repo.list({ q: 'acme', limit: 2, offset, ...extra });
        return { ids: ids(leads), total, totalExact };
      };
      // The counted part: at least the bound.
      assert.deepEqual(await page(0), {
        ids: newest.slice(0, 2),
        ...(bounded ? { total: EXACT_TOTAL_UP_TO, totalExact: false } : { total: 7, totalExact: true }),
      });
      // Past it: the right leads, a lower bound that covers them.
      assert.deepEqual(await page(4), {
        ids: newest.slice(4, 6),
        ...(bounded ? { total: 6, totalExact: false } : { total: 7, totalExact: true }),
      });
      // The last page tells the exact number; an empty page only past the end.
      assert.deepEqual(await page(6), { ids: newest.slice(6), total: 7, totalExact: true });
      assert.deepEqual(await page(8), {
        ids: [],
        ...(bounded ? { total: EXACT_TOTAL_UP_TO, totalExact: false } : { total: 7, totalExact: true }),
      });
      // Sorted by another column, the same.
      const byName = await page(0, { sort: 'name', order: 'asc' });
      assert.deepEqual(byName.ids, newest.slice(0, 2), 'Zed 0 and Zed 1 are the newest');
      assert.equal(byName.totalExact, !bounded);
      // Up to the bound the total is exact: the bound itself, fewer, none.
      assert.deepEqual(await repo.list({ q: 'acme 1', limit: 2, offset: 0 }).then((p) => [p.total, p.totalExact]), [
        1,
        true,
      ]);
      await repo.put(makeLead(11, { company: 'Acme lost', status: 'lost' }));
      await repo.put(makeLead(12, { company: 'Acme lost too', status: 'lost' }));
      const lost = await repo.list({ q: 'acme', status: 'lost', limit: 2, offset: 0 });
      assert.deepEqual([lost.total, lost.totalExact, lost.leads.length], [3, true, 2]);
      assert.deepEqual(await repo.list({ q: 'nobody', limit: 2, offset: 0 }), {
        leads: [],
        total: 0,
        totalExact: true,
      });
      // Without q the total is always exact (the engines keep counters).
      assert.deepEqual(await repo.list({ limit: 1, offset: 0 }).then((p) => [p.total, p.totalExact]), [10, true]);
    });

    it('orders field labels by first appearance across leads created at the same time and a dozen fields', async () => {
      // Twelve fields: a label's place among them compares as a number (the 10th after the 9th), not as text.
      const dozen = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${12 - i}`, String(i)]));
      const [low, high] = [`0${'a'.repeat(31)}`, `f${'a'.repeat(31)}`];
      await repo.put(makeLead(1, { fields: { first: '1' } }));
      await repo.put(makeLead(5, { id: low, fields: { ...dozen, both: 'z' } }));
      await repo.put(makeLead(5, { id: high, fields: { later: 'x', both: 'y' } }));
      assert.deepEqual(
        (await repo.fieldLabels()).map((c) => `${c.label}:${c.leads}`),
        ['first:1', ...Object.keys(dozen).map((label) => `${label}:1`), 'both:2', 'later:1'],
      );
    });

    it('tallies leads created per day by status and source, and meetings starting in the range', async () => {
      const bounds = [minute(0), minute(60), minute(120)];
      const meetingAt = (n: number, status: 'scheduled' | 'cancelled' | 'proposed') => ({
        status,
        start: minute(n),
        end: minute(n + 30),
        event_id: null,
        meet_link: null,
        html_link: null,
      });
      await repo.put(makeLead(-1, { meeting: meetingAt(5, 'scheduled') })); // created before the range
      await repo.put(makeLead(0, { source: 'chat' }));
      await repo.put(makeLead(59, { source: 'chat', meeting: meetingAt(100, 'cancelled') }));
      await repo.put(makeLead(60, { status: 'lost', meeting: meetingAt(200, 'scheduled') })); // meeting after it
      await repo.put(makeLead(119, { status: 'lost' }));
      await repo.put(makeLead(120)); // after the range
      const tally = await repo.tally(bounds);
      const created = [...tally.created].sort((a, b) => a.day - b.day || a.status.localeCompare(b.status));
      assert.deepEqual(created, [
        { day: 0, status: 'new', source: 'chat', leads: 2 },
        { day: 1, status: 'lost', source: 'api', leads: 2 },
      ]);
      const meetings = [...tally.meetings].sort((a, b) => a.status.localeCompare(b.status));
      assert.deepEqual(meetings, [
        { status: 'cancelled', meetings: 1 },
        { status: 'scheduled', meetings: 1 },
      ]);
      assert.equal(await repo.firstCreatedAt(), minute(-1));
    });

    it('keeps one lead per email when 100 creates race with 50 emails', async () => {
      const attempts = Array.from({ length: 100 }, (_, i) =>
        makeLead(i, {
          email: `racer${i % 50}@example.com`,
          name: `Racer ${i}`,
        }),
      );
      const results = await Promise.allSettled(attempts.map((lead) => repo.put(lead)));
      const refused = results.filter((r) => r.status === 'rejected');
      for (const r of refused) {
        assert.ok(r.reason instanceof LeadConflictError && r.reason.field === 'email', `refused: ${String(r.reason)}`);
      }
      assert.equal(results.length - refused.length, 50);
      const { leads, total } = await repo.list({ limit: 200, offset: 0 });
      assert.equal(total, 50);
      assert.equal(new Set(leads.map((l) => l.email)).size, 50);
      for (let i = 0; i < 50; i++) assert.ok(await repo.findByEmail(`racer${i}@example.com`));
    });

    it('gives a new conversation one lead when 20 creates for it race', async () => {
      const attempts = Array.from({ length: 20 }, (_, i) => chatLead(i, 'client-racing'));
      const results = await Promise.allSettled(attempts.map((lead) => repo.put(lead)));
      const won = attempts.filter((_, i) => results[i]!.status === 'fulfilled');
      assert.equal(won.length, 1);
      assert.equal((await repo.findByClientId('client-racing'))?.id, won[0]!.id);
      assert.equal((await repo.list({ limit: 50, offset: 0 })).total, 1);
    });
  });
}
