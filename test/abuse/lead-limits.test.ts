/**
 * Limits that keep a lead workable, and exports that stay valid whatever is stored (issue 12, findings 4,
 * 5 and the CSV note of 9): the contract's field and message limits on the public form, and a store that
 * already holds far more distinct field labels than Excel has columns still exports a valid workbook, with
 * the most used labels as columns and the rest in one "Other fields" column; text that a spreadsheet would
 * read as a formula is quoted.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore, newLeadId } from '../../src/leads/lead.store.js';
import type { LeadRecord } from '../../src/leads/lead.types.js';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, makeDataDir, postJson } from '../helpers/harness.js';

const auth = { 'x-api-key': ADMIN_KEY };
const STORED_LEADS = 300;
const LABELS_PER_STORED_LEAD = 60; // 18,000 distinct labels: more than Excel's 16,384 columns

function storedLead(i: number): LeadRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  const fields: Record<string, string> = { Budget: `${i}k` };
  for (let k = 0; k < LABELS_PER_STORED_LEAD; k++) fields[`Custom ${i}-${k}`] = `v${k}`;
  return {
    id: newLeadId(),
    client_id: null,
    name: i === 0 ? '=HYPERLINK("http://evil.example","click")' : `Stored ${i}`,
    email: null,
    phone: '+447911123456'.replace(/56$/, String(10 + (i % 90))),
    company: i === 0 ? '@SUM(1+1)' : null,
    fields,
    notes: null,
    status: 'new',
    follow_up_at: null,
    meeting: null,
    source: 'form',
    created_at: at,
    updated_at: at,
    conversations: {},
    meeting_client_id: null,
  };
}

describe('lead limits and exports that stay valid', () => {
  const dataDir = makeDataDir();
  before(async () => {
    const store = await LeadStore.open(dataDir, createLogger('silent'));
    for (let i = 0; i < STORED_LEADS; i++) await store.put(storedLead(i));
  });
  const { h } = useServer({ env: { RATE_LIMIT_HOURLY: '10000', RATE_LIMIT_DAILY: '100000' }, dataDir });

  const form = (body: Record<string, unknown>) => postJson(`${h.url}/gemini/save-info`, body);
  const manyFields = (n: number, prefix = 'Label') =>
    Object.fromEntries(Array.from({ length: n }, (_, k) => [`${prefix} ${k}`, 'x']));

  it('refuses more than 30 fields, labels over 40 characters, values over 500 and messages over 2,000', async () => {
    assert.equal((await form({ client_id: 'limits-form-1', fields: manyFields(31) })).status, 400);
    assert.equal((await form({ client_id: 'limits-form-1', fields: { ['L'.repeat(41)]: 'x' } })).status, 400);
    assert.equal((await form({ client_id: 'limits-form-1', fields: { Budget: 'x'.repeat(501) } })).status, 400);
    assert.equal((await form({ client_id: 'limits-form-1', notes: 'n'.repeat(2001) })).status, 400);
    assert.equal((await form({ client_id: 'limits-form-1', fields: manyFields(30) })).status, 200);
    const more = await form({ client_id: 'limits-form-1', fields: { 'One more': 'x' } });
    assert.equal(more.status, 400, 'a lead holds at most 30 fields, however many posts bring them');
  });

  it('visitor messages never grow the staff notes: the lead stays editable however many forms arrive', async () => {
    const message = 'm'.repeat(1990);
    let lead: { id: string } | undefined;
    for (let i = 0; i < 80; i++) {
      const r = await form({ client_id: 'limits-notes-1', email: 'notes@example.com', notes: `${i} ${message}` });
      assert.equal(r.status, 200);
      lead = (r.body.data as { lead: { id: string } }).lead;
    }
    const list = await getJson<{ leads: Array<{ id: string; notes: string | null }> }>(
      `${h.url}/leads?q=notes%40example.com`,
      auth,
    );
    const stored = list.body.data.leads[0];
    assert.equal(stored?.notes, null, '160 KB of visitor text did not reach the staff notes');
    assert.equal(stored?.id, lead?.id);
    const saved = await postJson(
      `${h.url}/leads/${stored?.id ?? ''}`,
      { notes: 'called back', status: 'contacted' },
      auth,
    );
    assert.equal(saved.status, 200);
    const activity = await getJson<{ events: Array<{ type: string }> }>(
      `${h.url}/leads/${stored?.id ?? ''}/activity`,
      auth,
    );
    assert.equal(activity.body.data.events.filter((e) => e.type === 'visitor_message').length, 80);
  });

  it('exports every lead as a valid workbook whatever the leads hold', async () => {
    const res = await fetch(`${h.url}/leads/export.xlsx`, { headers: auth });
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('Leads');
    assert.ok(sheet);
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    assert.ok(header.length <= 16_384 && header.length < 200, `${header.length} columns`);
    assert.ok(header.includes('Budget'), 'the most used label has its own column');
    assert.equal(header.at(-1), 'Other fields');
    const { total } = (await getJson<{ total: number }>(`${h.url}/leads`, auth)).body.data;
    assert.ok(total > STORED_LEADS);
    assert.equal(sheet.rowCount, total + 1, 'every lead is a row');
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, k) => sheet.getRow(k + 2));
    const first = rows.find((r) => r.getCell(header.indexOf('Name') + 1).text.includes('HYPERLINK'));
    assert.ok(first, 'the lead with formula-like text is exported');
    assert.equal(first.getCell(header.indexOf('Name') + 1).text, `'=HYPERLINK("http://evil.example","click")`);
    assert.equal(first.getCell(header.indexOf('Company') + 1).text, "'@SUM(1+1)");
    const last = rows.find((r) => r.getCell(header.indexOf('Name') + 1).value === `Stored ${STORED_LEADS - 1}`);
    assert.match(
      last?.getCell(header.length).text ?? '',
      /^Custom 299-0: v0\nCustom 299-1: v1/,
      'the rest, one per line',
    );
  });

  it('and the daily report of a day with those leads', async () => {
    const day = { date: '2026-01-01' };
    const r = await postJson<{ rows: number }>(`${h.url}/leads/reports/generate`, day, auth);
    assert.deepEqual([r.status, r.body.data.rows], [201, STORED_LEADS]);
  });
});
