/**
 * npm run bench:leads:pg [-- 1000000] [--keep <folder>] — leads on PostgreSQL at N leads (1,000,000 by default), issue 14:
 *
 * 1. a throwaway test cluster (fsync off: create/update times are without a disk flush) migrated to the
 *    schema before lead_search (0001-0005), N realistic leads seeded in one statement (see SEED_SQL), then
 *    the remaining migrations applied as on an existing database (0006's backfill of lead_search, timed);
 * 2. the repository's operations timed through PostgresLeadRepository (p50/p95): list pages, deep offsets,
 *    status filter, searches of real kinds (an email, a phone, a company, a first name, a common surname,
 *    a mail provider), create and update;
 * 3. the real server (dist/server.js, as `npm start` runs it) on that database over HTTP: a list page, a
 *    search, a deep page, and GET /leads/export.xlsx and /leads/export.csv of every lead, each timed to its
 *    last byte with the server process's peak RSS (VmHWM, reset before each export);
 * then EXPLAIN (ANALYZE, BUFFERS) of the main queries. Figures, not assertions. With `--keep <folder>` the
 * cluster lives in that folder and a later run with the same N reuses its seeded database (the seed takes
 * 5-18 minutes at 1,000,000), applying only migrations added since; delete the folder when done.
 */
import { mkdtempSync, readdirSync, copyFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/infra/logger.js';
import { migrateDatabase } from '../../src/infra/postgres.migrations.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import type { LeadStatus } from '../../src/leads/lead.types.js';
import { containsPattern, PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { MIGRATIONS_DIR, migrateSchema } from '../../src/store/postgres/schema.js';
import { ADMIN_KEY, makeDataDir, testEnv } from '../helpers/harness.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres-server.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { makeLead } from '../store/lead-repository.contract.js';
import { buildServer, markdownTable, ms, pct, peakRssMb, resetPeak, rssMb, startChild } from './bench-utils.js';

const SAMPLES = 60;
const STATUSES: LeadStatus[] = ['new', 'contacted', 'follow_up', 'meeting_scheduled', 'qualified', 'converted', 'lost'];

/** First names and surnames of several countries, most common first (picks are skewed towards the front). */
const FIRST_NAMES = [
  'James',
  'Mary',
  'Mohammed',
  'Wei',
  'Maria',
  'Juan',
  'Ana',
  'Olga',
  'Anna',
  'Ali',
  'Fatima',
  'John',
  'David',
  'Sarah',
  'Michael',
  'Laura',
  'Daniel',
  'Emma',
  'Luca',
  'Sofia',
  'Hiroshi',
  'Yuki',
  'Priya',
  'Rahul',
  'Aisha',
  'Omar',
  'Chen',
  'Li',
  'Min',
  'Jun',
  'Seo-yeon',
  'Carlos',
  'Lucia',
  'Pedro',
  'Camila',
  'Mateo',
  'Valentina',
  'Noah',
  'Olivia',
  'Liam',
  'Ava',
  'Lukas',
  'Lena',
  'Jonas',
  'Mia',
  'Leon',
  'Hannah',
  'Pierre',
  'Chloe',
  'Louis',
  'Camille',
  'Hugo',
  'Ines',
  'Marco',
  'Giulia',
  'Alessandro',
  'Francesca',
  'Jan',
  'Eva',
  'Piotr',
  'Katarzyna',
  'Tomasz',
  'Agnieszka',
  'Sven',
  'Ingrid',
  'Lars',
  'Astrid',
  'Erik',
  'Freja',
  'Kwame',
  'Ama',
  'Chinedu',
  'Ngozi',
  'Tunde',
  'Amara',
  'Thabo',
  'Lerato',
  'Ahmed',
  'Layla',
  'Yusuf',
  'Zeynep',
  'Mehmet',
  'Elif',
  'Ivan',
  'Natalia',
  'Dmitri',
  'Irina',
  'Sergei',
  'Tatiana',
  'Arjun',
  'Ananya',
  'Vikram',
  'Deepa',
  'Kenji',
  'Sakura',
  'Takeshi',
  'Aiko',
  'Minh',
  'Linh',
  'Tuan',
  'Mai',
  'Raj',
  'Neha',
  'Diego',
  'Paula',
  'Andres',
  'Carmen',
  'Jose',
  'Isabel',
  'Patrick',
  'Siobhan',
  'Sean',
  'Aoife',
  'Rhys',
  'Megan',
  'Owen',
  'Ffion',
  'Noor',
  'Sami',
  'Rania',
  'Karim',
  'Dana',
  'Eli',
  'Tamar',
  'Avi',
  'Mila',
  'Luka',
  'Nina',
  'Marko',
];
const SURNAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Muller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Kowalski',
  'Nowak',
  'Wisniewski',
  'Wojcik',
  'Kaminski',
  'Lewandowski',
  'Zielinski',
  'Szymanski',
  'Jensen',
  'Nielsen',
  'Hansen',
  'Pedersen',
  'Andersen',
  'Larsen',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Okafor',
  'Okeke',
  'Adeyemi',
  'Mensah',
  'Boateng',
  'Dlamini',
  'Nkosi',
  'Mokoena',
  'Khan',
  'Ahmed',
  'Hussain',
  'Ali',
  'Yilmaz',
  'Kaya',
  'Demir',
  'Sahin',
  'Celik',
  'Ivanov',
  'Smirnov',
  'Kuznetsov',
  'Popov',
  'Sokolov',
  'Patel',
  'Sharma',
  'Singh',
  'Kumar',
  'Gupta',
  'Reddy',
  'Tanaka',
  'Suzuki',
  'Takahashi',
  'Watanabe',
  'Ito',
  'Yamamoto',
  'Kim',
  'Park',
  'Choi',
  'Jung',
  'Kang',
  'Wang',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Tran',
  'Pham',
  'Le',
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Costa',
  'Pereira',
  'Murphy',
  'Kelly',
  'OBrien',
  'Walsh',
  'Byrne',
  'Cohen',
  'Levi',
  'Haddad',
  'Khoury',
  'Novak',
  'Horvat',
  'Kovacs',
  'Nagy',
  'Popescu',
  'Dimitrov',
  'Papadopoulos',
];
/** Companies: adjective x noun x legal form (35,700 names, about 20 contacts each at 1,000,000 leads). */
const COMPANY_WORDS = [
  'Blue',
  'Green',
  'Silver',
  'Northern',
  'Southern',
  'Eastern',
  'Western',
  'Global',
  'United',
  'Prime',
  'Bright',
  'Swift',
  'Golden',
  'Red',
  'Clear',
  'Smart',
  'Rapid',
  'Pacific',
  'Atlantic',
  'Alpine',
  'Urban',
  'Coastal',
  'Royal',
  'Summit',
  'Pioneer',
  'Quantum',
  'Vertex',
  'Nova',
  'Apex',
  'Cedar',
  'Oak',
  'Maple',
  'River',
  'Harbor',
  'Metro',
  'Central',
  'National',
  'First',
  'Modern',
  'Classic',
  'Digital',
  'Green',
  'Solar',
  'Crystal',
  'Evergreen',
  'Highland',
  'Lakeside',
  'Sunrise',
  'Granite',
  'Iron',
  'Copper',
];
const COMPANY_KINDS = [
  'Logistics',
  'Dental',
  'Bakery',
  'Consulting',
  'Systems',
  'Solutions',
  'Labs',
  'Studio',
  'Foods',
  'Energy',
  'Motors',
  'Health',
  'Realty',
  'Partners',
  'Capital',
  'Media',
  'Software',
  'Analytics',
  'Design',
  'Builders',
  'Construction',
  'Travel',
  'Fitness',
  'Legal',
  'Insurance',
  'Clinic',
  'Garden',
  'Coffee',
  'Brewing',
  'Textiles',
  'Robotics',
  'Imaging',
  'Security',
  'Networks',
  'Pharma',
  'Ventures',
  'Holdings',
  'Trading',
  'Supplies',
  'Interiors',
  'Marine',
  'Aviation',
  'Farms',
  'Printing',
  'Events',
  'Education',
  'Apparel',
  'Cosmetics',
  'Furniture',
  'Plumbing',
];
const COMPANY_FORMS = [
  'Ltd',
  'GmbH',
  'Inc',
  'LLC',
  'SA',
  'BV',
  'Group',
  '& Co',
  'AG',
  'Oy',
  'AB',
  'Pty Ltd',
  'SRL',
  'KK',
];
const TLDS = [
  '.com',
  '.de',
  '.co.uk',
  '.fr',
  '.it',
  '.es',
  '.nl',
  '.se',
  '.io',
  '.com.au',
  '.jp',
  '.in',
  '.com.br',
  '.ca',
  '.ch',
];
/** Free mail providers, most common first. */
const FREE_MAIL = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'hotmail.com',
  'icloud.com',
  'gmx.de',
  'web.de',
  'yandex.ru',
  'proton.me',
  'mail.com',
  'orange.fr',
  'libero.it',
  'qq.com',
  'naver.com',
  't-online.de',
  'btinternet.com',
  'aol.com',
  'live.com',
];
/** Country calling codes (none is a prefix of another, so phones stay unique). */
const COUNTRY_CODES = [
  '1',
  '44',
  '49',
  '33',
  '34',
  '39',
  '31',
  '46',
  '48',
  '61',
  '81',
  '91',
  '55',
  '52',
  '234',
  '27',
  '65',
  '971',
  '20',
  '90',
];
const NOTES = [
  'Asked about pricing for the team plan',
  'Wants a demo next week',
  'Budget approved for Q3',
  'Call back after the holidays',
  'Interested in the annual contract',
  'Comparing us with two other vendors',
  'Needs an invoice in EUR',
  'Referred by an existing customer',
  'Asked for a case study',
  'Decision maker is the CFO',
  'Wants to start in March',
  'Requested a callback in the afternoon',
  'Price sensitive, mentioned discount',
  'Opened a ticket about integration',
  'Met at the trade fair in Berlin',
];

/**
 * N leads in one statement, as real leads look: names from the lists above (common ones more often),
 * emails at free mail providers (Gmail most) or at the lead's company's own domain, 88% with a phone in
 * one of 20 countries, 70% with a company, 20% with a note, 8% without an email; unique emails and phones
 * (the lead's number is in each); statuses weighted like a pipeline (half new), one conversation for
 * every second lead, created one minute apart. Each choice is a hash of the lead's number, so every run
 * seeds the same leads. The counters are rebuilt at the end instead of firing the trigger N times.
 */
const SEED_SQL = `
ALTER TABLE leads DISABLE TRIGGER leads_count_insert_delete;
WITH r AS (
  SELECT i,
    (hashint8(i * 16 + 1) & 2147483647) / 2147483648.0 AS r1,
    (hashint8(i * 16 + 2) & 2147483647) / 2147483648.0 AS r2,
    (hashint8(i * 16 + 3) & 2147483647) / 2147483648.0 AS r3,
    (hashint8(i * 16 + 4) & 2147483647) / 2147483648.0 AS r4,
    (hashint8(i * 16 + 5) & 2147483647) / 2147483648.0 AS r5,
    (hashint8(i * 16 + 6) & 2147483647) / 2147483648.0 AS r6,
    (hashint8(i * 16 + 7) & 2147483647) / 2147483648.0 AS r7
  FROM generate_series(1, $1::int) AS i
), p AS (
  SELECT i, r4, r5, r6, r7,
    ($2::text[])[1 + floor(cardinality($2::text[]) * power(r1, 1.3))::int] AS first,
    ($3::text[])[1 + floor(cardinality($3::text[]) * power(r2, 1.3))::int] AS last,
    CASE WHEN r3 < 0.7 THEN floor(r3 / 0.7 * cardinality($4::text[]) * cardinality($5::text[]) * cardinality($6::text[]))::int END AS c
  FROM r
), q AS (
  SELECT p.*,
    ($4::text[])[1 + c % cardinality($4::text[])] AS word,
    ($5::text[])[1 + (c / cardinality($4::text[])) % cardinality($5::text[])] AS kind,
    ($6::text[])[1 + (c / (cardinality($4::text[]) * cardinality($5::text[])))] AS form,
    ($7::text[])[1 + (c * 7) % cardinality($7::text[])] AS tld
  FROM p
), g AS (
  SELECT i,
    first || ' ' || last AS name,
    CASE WHEN r6 > 0.92 THEN NULL
      WHEN c IS NOT NULL AND r4 < 0.4 THEN lower(left(first, 1) || '.' || last) || i || '@' || lower(word || kind) || tld
      ELSE lower(first || (ARRAY['.', '_', ''])[1 + floor(r4 * 30)::int % 3] || last) || i || '@' ||
        ($8::text[])[1 + floor(cardinality($8::text[]) * power(r5, 2))::int]
    END AS email,
    CASE WHEN r6 < 0.8 OR r6 > 0.92 THEN '+' || ($9::text[])[1 + floor(r5 * 1000)::int % cardinality($9::text[])] ||
      (100 + floor(r7 * 900)::int)::text || lpad(i::text, 7, '0') END AS phone,
    CASE WHEN c IS NOT NULL THEN word || ' ' || kind || ' ' || form END AS company,
    CASE WHEN r7 < 0.2 THEN ($10::text[])[1 + floor(r7 / 0.2 * cardinality($10::text[]))::int] END AS notes,
    CASE WHEN i % 10 < 5 THEN 'new' ELSE (ARRAY['contacted','follow_up','meeting_scheduled','qualified',
      'converted','lost'])[1 + i % 6] END AS status,
    CASE WHEN i % 2 = 0 THEN 'chat' ELSE 'api' END AS source,
    to_char(timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
    lpad(to_hex(i), 32, '0') AS id,
    'client-' || lpad(to_hex(i), 12, '0') AS client_id
  FROM q
)
INSERT INTO leads (id, doc, created_at, updated_at, status, source, email, phone, follow_up_at, search_text)
SELECT id,
  json_build_object('id', id, 'client_id', CASE WHEN source = 'chat' THEN client_id END, 'name', name,
    'email', email, 'phone', phone, 'company', company, 'fields', json_build_object('budget', ((i % 50) * 1000)::text),
    'notes', notes, 'status', status, 'follow_up_at', NULL, 'meeting', NULL, 'source', source,
    'created_at', at, 'updated_at', at,
    'conversations', CASE WHEN source = 'chat' THEN json_build_object(client_id, json_build_object(
      'name', name, 'email', email, 'phone', phone, 'company', NULL, 'fields', '{}'::json)) ELSE '{}'::json END,
    'meeting_client_id', NULL),
  at::timestamptz, at::timestamptz, status, source, email, phone, NULL,
  lower(concat_ws(chr(31), name, email, phone, company, notes))
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

/** Migrates `url` with the migrations before `first` only: the schema of an existing, older database. */
async function migrateBefore(url: string, first: string, logger: ReturnType<typeof createLogger>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n.endsWith('.sql') && n < first))
    copyFileSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
  await migrateDatabase({ url, dir, logger });
}

/** Search terms as staff type them, taken from the seeded leads. */
async function searchTerms(pool: Pool, n: number): Promise<Record<string, string[]>> {
  const ids = Array.from({ length: 20 }, (_, k) => (1 + ((k * 104_729 + 13) % n)).toString(16).padStart(32, '0'));
  const rows = await query<{ email: string | null; phone: string | null; company: string | null }>(
    pool,
    `SELECT email, phone, doc->>'company' AS company FROM leads WHERE id = ANY($1::text[])`,
    [ids],
  );
  const pick = (values: Array<string | null | undefined>) => values.filter((v): v is string => !!v);
  return {
    email: pick(rows.map((r) => r.email?.split('@')[0])),
    phone: pick(rows.map((r) => r.phone?.slice(-7))),
    company: pick(rows.map((r) => r.company)),
    firstName: FIRST_NAMES.slice(10, 20).map((s) => s.toLowerCase()),
    surname: SURNAMES.slice(0, 6).map((s) => s.toLowerCase()),
    provider: ['gmail', 'outlook'],
  };
}

/** GET url to its last byte without keeping the body; returns the byte count. */
async function download(url: string): Promise<{ status: number; bytes: number }> {
  const res = await fetch(url, { headers: { 'x-api-key': ADMIN_KEY } });
  let bytes = 0;
  if (res.body) for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
  return { status: res.status, bytes };
}

/** The arguments: the number of leads, and `--keep <folder>` to keep the seeded cluster there for the next run. */
function parseArgs(argv: string[]): { n: number; keepIn: string | undefined } {
  const keepAt = argv.indexOf('--keep');
  const keepIn = keepAt >= 0 ? argv[keepAt + 1] : undefined;
  // The number is any digits but --keep's folder (with no --keep, the first argument may well be it).
  const count = argv.find((a, i) => /^\d+$/.test(a) && (keepAt < 0 || i !== keepAt + 1));
  return { n: Number(count ?? 1_000_000), keepIn };
}

/** The number of leads a kept cluster's `bench` database was seeded with, or undefined when it was not. */
async function seededBefore(
  server: TestPostgres,
  logger: ReturnType<typeof createLogger>,
): Promise<number | undefined> {
  const admin = createPostgresPool({ url: server.url, logger, max: 1 });
  try {
    const found = await query(admin, `SELECT 1 FROM pg_database WHERE datname = 'bench'`);
    if (found.length === 0) return undefined;
    const bench = createPostgresPool({ url: benchUrl(server), logger, max: 1 });
    try {
      const rows = await query<{ n: number }>(
        bench,
        `SELECT n FROM bench_seed WHERE to_regclass('bench_seed') IS NOT NULL`,
      );
      return rows[0]?.n;
    } catch {
      return undefined;
    } finally {
      await closeDatabase(bench, logger);
    }
  } finally {
    await closeDatabase(admin, logger);
  }
}

function benchUrl(server: TestPostgres): string {
  return server.url.replace(/\/postgres$/, '/bench');
}

async function main(): Promise<void> {
  const { n, keepIn } = parseArgs(process.argv.slice(2));
  const logger = createLogger('warn');
  const server = await startTestPostgres({ keepIn });
  const reuse = keepIn !== undefined && (await seededBefore(server, logger)) === n;
  if (!reuse && keepIn !== undefined) {
    const admin = createPostgresPool({ url: server.url, logger, max: 1 });
    await query(admin, 'DROP DATABASE IF EXISTS bench');
    await closeDatabase(admin, logger);
  }
  const url = reuse ? benchUrl(server) : await server.createDatabase('bench');
  if (!reuse) await migrateBefore(url, '0006', logger);
  const pool = createPostgresPool({ url, logger, statementTimeoutMs: 600_000 });
  const repo = new PostgresLeadRepository(pool);
  const redis = await startTestRedis();
  try {
    let t = performance.now();
    if (!reuse) {
      // The seed is one long statement: give it its own session without the pool's statement timeout.
      const seedPool = createPostgresPool({ url, logger, max: 1, statementTimeoutMs: 3_600_000 });
      const lists = [FIRST_NAMES, SURNAMES, COMPANY_WORDS, COMPANY_KINDS, COMPANY_FORMS, TLDS, FREE_MAIL];
      for (const sql of SEED_SQL.split(/;\n/).filter((s) => s.trim())) {
        await query(seedPool, sql, sql.includes('$1') ? [n, ...lists, COUNTRY_CODES, NOTES] : []);
      }
      await closeDatabase(seedPool, logger);
    }
    const seedMs = performance.now() - t;
    t = performance.now();
    // On a kept cluster only migrations added since it was seeded are applied, and the leads an earlier
    // run created are removed (their conversations' ids are made again below).
    const applied = await migrateSchema(url, logger);
    if (reuse) {
      await query(
        pool,
        `DELETE FROM leads WHERE id IN (SELECT lead_id FROM lead_conversations WHERE client_id LIKE 'client-bench-%')`,
      );
    }
    const migrateMs = performance.now() - t;
    t = performance.now();
    for (const table of ['leads', 'lead_search', 'lead_conversations']) await query(pool, `VACUUM (ANALYZE) ${table}`);
    const vacuumMs = performance.now() - t;
    if (!reuse && keepIn !== undefined) await query(pool, `CREATE TABLE bench_seed AS SELECT ${n}::int AS n`);
    const [size] = await query<{ table: string; indexes: string; search: string; search_indexes: string }>(
      pool,
      `SELECT pg_size_pretty(pg_table_size('leads')) AS table, pg_size_pretty(pg_indexes_size('leads')) AS indexes,
         pg_size_pretty(pg_table_size('lead_search')) AS search, pg_size_pretty(pg_indexes_size('lead_search')) AS search_indexes`,
    );
    const terms = await searchTerms(pool, n);

    const rows: string[][] = [];
    const add = (what: string, times: number[], note = '') =>
      rows.push([what, ms(pct(times, 50)), ms(pct(times, 95)), note]);
    const deep = Math.min(100_000, Math.max(0, n - 20));

    add(
      'list, first pages (offset 0-980)',
      await timeIt(SAMPLES, (i) => repo.list({ limit: 20, offset: (i % 50) * 20 })),
    );
    add(
      `list, offset ${deep.toLocaleString('en')}`,
      await timeIt(20, (i) => repo.list({ limit: 20, offset: deep - i * 20 })),
      'ids from an index-only scan, then 20 documents',
    );
    add(
      'status filter, first pages',
      await timeIt(SAMPLES, (i) =>
        repo.list({ status: STATUSES[i % STATUSES.length], limit: 20, offset: (i % 5) * 20 }),
      ),
    );
    add(
      `status filter (new), offset ${Math.floor(deep / 2).toLocaleString('en')}`,
      await timeIt(20, (i) => repo.list({ status: 'new', limit: 20, offset: Math.floor(deep / 2) - i * 20 })),
    );
    /** Times a kind of search and notes how many leads its terms match (from the totals returned). */
    const search = async (what: string, list: string[], samples: number, status?: LeadStatus) => {
      const totals: number[] = [];
      let bounded = 0;
      const times = await timeIt(samples, async (i) => {
        const page = await repo.list({ q: list[i % list.length], status, limit: 20, offset: 0 });
        totals.push(page.total);
        if (!page.totalExact) bounded += 1;
      });
      const lo = Math.min(...totals).toLocaleString('en');
      const hi = Math.max(...totals).toLocaleString('en');
      const kind =
        bounded === 0 ? 'exact total' : bounded === samples ? 'total a lower bound' : 'some totals a lower bound';
      add(what, times, `${lo === hi ? lo : `${lo}-${hi}`}${bounded > 0 ? '+' : ''} matches (${kind})`);
      return times;
    };
    const searchTimes = [
      ...(await search('q: part of an email ("maria.garcia48213")', terms.email!, SAMPLES)),
      ...(await search('q: last 7 digits of a phone', terms.phone!, SAMPLES)),
      ...(await search('q: a company name', terms.company!, SAMPLES)),
      ...(await search('q: a first name', terms.firstName!, SAMPLES)),
      ...(await search('q: a common surname', terms.surname!, SAMPLES)),
    ];
    add('q: all of the above together', searchTimes, 'p50/p95 over the five kinds');
    await search('q: a mail provider ("gmail", "outlook")', terms.provider!, 10);
    await search('q: a common surname + status', terms.surname!, 30, 'qualified');
    add(
      'q: a common surname, offset 2,000',
      await timeIt(20, (i) => repo.list({ q: terms.surname![i % 6], limit: 20, offset: 2000 })),
    );
    add(
      'findByEmail',
      await timeIt(SAMPLES, async (i) => {
        const [row] = await query<{ email: string }>(pool, 'SELECT email FROM leads WHERE id = $1', [
          (1 + ((i * 7919) % n)).toString(16).padStart(32, '0'),
        ]);
        if (row?.email) await repo.findByEmail(row.email);
      }),
      'includes reading the email to look up',
    );
    const created: string[] = [];
    add(
      'create (put, new lead + conversation)',
      await timeIt(SAMPLES, async (i) => {
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
        created.push(lead.id);
      }),
      'fsync off in the test cluster',
    );
    add(
      'update (get + put, status change)',
      await timeIt(SAMPLES, async (i) => {
        const lead = await repo.get(created[i % created.length]!);
        if (lead)
          await repo.put({ ...lead, status: STATUSES[i % STATUSES.length]!, updated_at: new Date().toISOString() });
      }),
      'fsync off in the test cluster',
    );

    // The real server on this database, over HTTP.
    const port = await findFreePort();
    const command = buildServer();
    const env = testEnv(
      { REDIS_URL: redis.url, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      makeDataDir(),
    );
    const logFile = path.join(os.tmpdir(), `bench-leads-pg-${process.pid}.log`);
    const app = await startChild(command.script, env, port, logFile, command.nodeArgs);
    const httpRows: string[][] = [];
    try {
      const get = (pathAndQuery: string) => download(`${app.url}${pathAndQuery}`);
      const httpTimed = async (what: string, samples: number, pathOf: (i: number) => string) => {
        const times = await timeIt(samples, async (i) => {
          const res = await get(pathOf(i));
          if (res.status !== 200) throw new Error(`${pathOf(i)}: HTTP ${res.status}`);
        });
        httpRows.push([what, ms(pct(times, 50)), ms(pct(times, 95)), '']);
      };
      await httpTimed('GET /leads?limit=50 (first pages)', 30, (i) => `/leads?limit=50&offset=${(i % 10) * 50}`);
      await httpTimed(
        `GET /leads?limit=50&offset=${deep.toLocaleString('en')}`,
        10,
        () => `/leads?limit=50&offset=${deep}`,
      );
      await httpTimed(
        'GET /leads?q=<a common surname>&limit=50',
        30,
        (i) => `/leads?limit=50&q=${terms.surname![i % 6]}`,
      );
      await httpTimed(
        'GET /leads?q=<part of an email>&limit=50',
        30,
        (i) => `/leads?limit=50&q=${terms.email![i % terms.email!.length]}`,
      );
      const idleRss = rssMb(app.pid);
      for (const [label, route] of [
        ['export.xlsx, every lead', '/leads/export.xlsx'],
        ['export.csv, every lead', '/leads/export.csv'],
        [`export.xlsx, q=${terms.surname![0]}`, `/leads/export.xlsx?q=${terms.surname![0]}`],
      ] as const) {
        const resettable = resetPeak(app.pid);
        let sampled = rssMb(app.pid);
        const sampler = setInterval(() => (sampled = Math.max(sampled, rssMb(app.pid))), 200);
        const started = performance.now();
        const res = await get(route);
        const took = performance.now() - started;
        clearInterval(sampler);
        const peak = resettable ? peakRssMb(app.pid) : sampled;
        httpRows.push([
          `GET /leads/${route.split('/leads/')[1]}`,
          `${(took / 1000).toFixed(1)} s`,
          '',
          `HTTP ${res.status}, ${(res.bytes / 1e6).toFixed(0)} MB; server peak RSS ${peak.toFixed(0)} MB (${resettable ? 'VmHWM' : 'sampled'}; idle ${idleRss.toFixed(0)} MB) — ${label}`,
        ]);
      }
    } finally {
      await app.stop();
    }

    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    console.log(
      `\n## Leads on PostgreSQL at ${n.toLocaleString('en')} leads (${new Date().toISOString().slice(0, 16)}Z)\n`,
    );
    console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${load} at the end`);
    console.log(
      `Seed ${(seedMs / 1000).toFixed(1)} s; migration ${applied.join(', ')} (lead_search backfill) ${(migrateMs / 1000).toFixed(1)} s; ` +
        `VACUUM ANALYZE ${(vacuumMs / 1000).toFixed(1)} s; leads ${size?.table} + indexes ${size?.indexes}; ` +
        `lead_search ${size?.search} + indexes ${size?.search_indexes}\n`,
    );
    console.log(markdownTable(['repository operation', 'p50', 'p95', 'note'], rows));
    console.log('');
    console.log(markdownTable(['the server over HTTP', 'p50 / time', 'p95', 'note'], httpRows));
    console.log('');

    const surname = containsPattern(terms.surname![0]!);
    const plans: Array<[string, string, unknown[]]> = [
      [
        `list page at offset ${deep}`,
        `WITH page AS MATERIALIZED (SELECT id, created_at FROM leads ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET ${deep})
         SELECT l.doc FROM page JOIN leads l ON l.id = page.id ORDER BY page.created_at DESC, page.id DESC`,
        [],
      ],
      [
        'q page (a common surname)',
        `WITH page AS MATERIALIZED (SELECT id, created_at FROM lead_search WHERE search_text LIKE $1
           ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 0)
         SELECT l.doc FROM page JOIN leads l ON l.id = page.id ORDER BY page.created_at DESC, page.id DESC`,
        [surname],
      ],
      [
        'q total up to the bound (a common surname: more, so the page above follows)',
        'SELECT count(*) FROM (SELECT 1 FROM lead_search WHERE search_text LIKE $1 LIMIT 1001) m',
        [surname],
      ],
      [
        'q matches, count and page in one statement (a company name)',
        `WITH matches AS MATERIALIZED (SELECT id, created_at FROM lead_search WHERE search_text LIKE $1 LIMIT 1001)
         SELECT (SELECT count(*) FROM matches) AS n, l.doc FROM (SELECT id, created_at FROM matches
           ORDER BY created_at DESC, id DESC LIMIT 20) page JOIN leads l ON l.id = page.id`,
        [containsPattern(terms.company![0]!.toLowerCase())],
      ],
    ];
    for (const [name, sql, values] of plans)
      console.log(`### EXPLAIN ${name}\n\`\`\`\n${await explain(pool, sql, values)}\n\`\`\`\n`);
  } finally {
    await closeDatabase(pool, logger);
    await redis.stop();
    await server.destroy();
  }
}

await main();
