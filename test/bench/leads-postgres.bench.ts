/**
 * npm run bench:leads:pg [-- 1000000] — the PostgreSQL lead repository at N leads (1,000,000 by default),
 * before it is wired into the server: seeds N leads with generate_series into a throwaway test cluster
 * (the real migrations, the real indexes), then times through PostgresLeadRepository: list pages, status
 * filter, `q` search (rare, common and very common terms), lookups, create, update and a full export
 * scan, and prints EXPLAIN (ANALYZE, BUFFERS) of the list, filter and search queries to show index use.
 * The test cluster runs with fsync off: create/update times are without a disk flush (a real server adds
 * its fsync per commit). Figures, not assertions.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import type { LeadStatus } from '../../src/leads/lead.types.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { startTestPostgres } from '../helpers/postgres-server.js';
import { makeLead } from '../store/lead-repository.contract.js';
import { markdownTable, ms, pct } from './bench-utils.js';

const SAMPLES = 60;
const STATUSES: LeadStatus[] = ['new', 'contacted', 'follow_up', 'meeting_scheduled', 'qualified', 'converted', 'lost'];

/**
 * N leads in one statement: unique emails and phones, 50 first names x 40 surnames x 1,000 companies,
 * statuses weighted like a real pipeline (most leads new), one conversation for every second lead, created
 * one minute apart. Counters are rebuilt at the end instead of firing the trigger a million times.
 */
const SEED_SQL = `
ALTER TABLE leads DISABLE TRIGGER leads_count_insert_delete;
WITH g AS (
  SELECT i,
    (ARRAY['Ada','Bob','Chen','Dana','Eli','Fatima','Gus','Hana','Ivan','Jo','Kofi','Lena','Mia','Nils','Omar',
      'Pia','Quinn','Rosa','Sven','Tara','Uma','Vik','Wen','Xia','Yara','Zane','Amir','Bea','Cato','Dov','Eva',
      'Finn','Gia','Hugo','Ines','Jan','Kai','Lou','Max','Noor','Ola','Per','Raj','Sol','Teo','Uri','Val','Wes',
      'Yuki','Zoe'])[1 + i % 50] || ' ' ||
    (ARRAY['Smith','Garcia','Nguyen','Okafor','Schmidt','Rossi','Kowalski','Silva','Tanaka','Haddad','Novak',
      'Larsen','Moreau','Ivanova','Cohen','Singh','Kim','Lopez','Dubois','Horvat','Jensen','Murphy','Popescu',
      'Yilmaz','Andersson','Costa','Dimitrov','Fischer','Gomez','Hansen','Ito','Jovanovic','Kaya','Lindqvist',
      'Meyer','Nowak','Olsen','Petrov','Quist','Reyes'])[1 + (i / 50) % 40] AS name,
    'lead' || i || '@mail' || (i % 997) || '.example' AS email,
    '+1' || (2000000000 + i)::text AS phone,
    'Company ' || (i % 1000) AS company,
    CASE WHEN i % 10 < 5 THEN 'new' ELSE (ARRAY['contacted','follow_up','meeting_scheduled','qualified',
      'converted','lost'])[1 + i % 6] END AS status,
    CASE WHEN i % 2 = 0 THEN 'chat' ELSE 'api' END AS source,
    to_char(timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
    lpad(to_hex(i), 32, '0') AS id,
    'client-' || lpad(to_hex(i), 12, '0') AS client_id
  FROM generate_series(1, $1::int) AS i
)
INSERT INTO leads (id, doc, created_at, updated_at, status, source, email, phone, follow_up_at, search_text)
SELECT id,
  json_build_object('id', id, 'client_id', CASE WHEN source = 'chat' THEN client_id END, 'name', name,
    'email', email, 'phone', phone, 'company', company, 'fields', json_build_object('budget', ((i % 50) * 1000)::text),
    'notes', NULL, 'status', status, 'follow_up_at', NULL, 'meeting', NULL, 'source', source,
    'created_at', at, 'updated_at', at,
    'conversations', CASE WHEN source = 'chat' THEN json_build_object(client_id, json_build_object(
      'name', name, 'email', email, 'phone', phone, 'company', NULL, 'fields', '{}'::json)) ELSE '{}'::json END,
    'meeting_client_id', NULL),
  at::timestamptz, at::timestamptz, status, source, email, phone, NULL,
  lower(name || chr(31) || email || chr(31) || phone || chr(31) || company)
FROM g;
ALTER TABLE leads ENABLE TRIGGER leads_count_insert_delete;
INSERT INTO lead_conversations (client_id, lead_id, email, phone)
  SELECT doc->>'client_id', id, email, phone FROM leads WHERE source = 'chat';
DELETE FROM lead_counts;
INSERT INTO lead_counts (status, n) SELECT status, count(*) FROM leads GROUP BY status;
`;

async function timeIt(samples: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  return times;
}

async function explain(pool: Pool, sql: string, values: unknown[]): Promise<string> {
  const rows = await query<{ 'QUERY PLAN': string }>(pool, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  const logger = createLogger('warn');
  const server = await startTestPostgres();
  const url = await server.createDatabase('bench');
  await migrateSchema(url, logger);
  const pool = createPostgresPool({ url, logger, statementTimeoutMs: 600_000 });
  const repo = new PostgresLeadRepository(pool);
  try {
    let t = performance.now();
    // The seed is one long statement: give it its own session without the pool's statement timeout.
    const seedPool = createPostgresPool({ url, logger, max: 1, statementTimeoutMs: 3_600_000 });
    for (const sql of SEED_SQL.split(/;\n/).filter((s) => s.trim())) {
      await query(seedPool, sql, sql.includes('$1') ? [n] : []);
    }
    await closeDatabase(seedPool, logger);
    const seedMs = performance.now() - t;
    t = performance.now();
    await query(pool, 'VACUUM (ANALYZE) leads');
    await query(pool, 'VACUUM (ANALYZE) lead_conversations');
    const vacuumMs = performance.now() - t;
    const [size] = await query<{ table: string; indexes: string }>(
      pool,
      "SELECT pg_size_pretty(pg_table_size('leads')) AS table, pg_size_pretty(pg_indexes_size('leads')) AS indexes",
    );

    const rows: string[][] = [];
    const add = (what: string, times: number[], note = '') =>
      rows.push([what, ms(pct(times, 50)), ms(pct(times, 95)), note]);
    const surnames = ['smith', 'garcia', 'nguyen', 'okafor', 'schmidt', 'rossi'];

    add(
      'list, first pages (offset 0-980)',
      await timeIt(SAMPLES, (i) => repo.list({ limit: 20, offset: (i % 50) * 20 })),
    );
    add(
      'list, offset 100,000',
      await timeIt(10, () => repo.list({ limit: 20, offset: Math.min(100_000, n - 20) })),
      'OFFSET reads every row it skips',
    );
    add(
      'status filter, first pages',
      await timeIt(SAMPLES, (i) =>
        repo.list({ status: STATUSES[i % STATUSES.length], limit: 20, offset: (i % 5) * 20 }),
      ),
    );
    add(
      'q, rare (one email)',
      await timeIt(SAMPLES, (i) => repo.list({ q: `lead${(i * 7919) % n}@`, limit: 20, offset: 0 })),
    );
    add(
      `q, common (a surname, ~${Math.round(n / 40).toLocaleString('en')} matches)`,
      await timeIt(SAMPLES / 3, (i) => repo.list({ q: surnames[i % surnames.length], limit: 20, offset: 0 })),
      'the exact total counts every match',
    );
    add(
      `q, very common ("mail1", ~${Math.round(n / 9).toLocaleString('en')} matches)`,
      await timeIt(5, () => repo.list({ q: 'mail1', limit: 20, offset: 0 })),
      'the exact total counts every match',
    );
    add(
      'q + status (a surname)',
      await timeIt(SAMPLES / 3, (i) =>
        repo.list({ q: surnames[i % surnames.length], status: 'qualified', limit: 20, offset: 0 }),
      ),
    );
    add(
      'findByEmail',
      await timeIt(SAMPLES, (i) => repo.findByEmail(`lead${(i * 104729) % n}@mail${((i * 104729) % n) % 997}.example`)),
    );
    add(
      'findByClientId',
      await timeIt(SAMPLES, (i) =>
        repo.findByClientId(`client-${((i * 2 * 7919) % n).toString(16).padStart(12, '0')}`),
      ),
    );
    const created = await (async () => {
      const out: string[] = [];
      const times = await timeIt(SAMPLES, async (i) => {
        const lead = makeLead(10_000_000 + i, {
          name: `Bench ${i}`,
          email: `bench-${randomBytes(4).toString('hex')}@example.com`,
          client_id: `client-bench-${i}`,
        });
        lead.conversations[`client-bench-${i}`] = {
          name: lead.name,
          email: lead.email,
          phone: null,
          company: null,
          fields: {},
        };
        await repo.put(lead);
        out.push(lead.id);
      });
      add('create (put, new lead + conversation)', times, 'fsync off in the test cluster');
      return out;
    })();
    add(
      'update (get + put, status change)',
      await timeIt(SAMPLES, async (i) => {
        const lead = await repo.get(created[i % created.length]!);
        if (lead)
          await repo.put({ ...lead, status: STATUSES[i % STATUSES.length]!, updated_at: new Date().toISOString() });
      }),
      'fsync off in the test cluster',
    );
    // A full export's read side: every lead, oldest first, through scan (keyset pages of 500).
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    t = performance.now();
    let scanned = 0;
    for await (const lead of repo.scan()) if (lead.id) scanned += 1;
    const scanMs = performance.now() - t;
    clearInterval(sampler);

    console.log(`\n## PostgreSQL lead repository at ${n.toLocaleString('en')} leads\n`);
    console.log(
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `Seed (generate_series, indexes in place): ${(seedMs / 1000).toFixed(1)} s; VACUUM ANALYZE ${(vacuumMs / 1000).toFixed(1)} s; table ${size?.table}, indexes ${size?.indexes}\n`,
    );
    console.log(markdownTable(['operation', 'p50', 'p95', 'note'], rows));
    console.log(
      `\nscan of every lead (export read side): ${scanned.toLocaleString('en')} leads in ${(scanMs / 1000).toFixed(1)} s, ` +
        `process RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB\n`,
    );

    const plans: Array<[string, string, unknown[]]> = [
      ['list page', 'SELECT doc FROM leads ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 0', []],
      ['list total', 'SELECT sum(n) AS n FROM lead_counts', []],
      [
        'status filter page',
        'SELECT doc FROM leads WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 0',
        ['qualified'],
      ],
      [
        'q page (rare)',
        'SELECT doc FROM leads WHERE search_text LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 0',
        [`%lead${Math.floor(n / 3)}@%`],
      ],
      ['q total (rare)', 'SELECT count(*) FROM leads WHERE search_text LIKE $1', [`%lead${Math.floor(n / 3)}@%`]],
      ['q total (common)', 'SELECT count(*) FROM leads WHERE search_text LIKE $1', ['%garcia%']],
    ];
    for (const [name, sql, values] of plans)
      console.log(`### EXPLAIN ${name}\n\`\`\`\n${await explain(pool, sql, values)}\n\`\`\`\n`);
  } finally {
    await closeDatabase(pool, logger);
    await server.destroy();
  }
}

await main();
