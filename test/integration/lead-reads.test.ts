/**
 * What reads many leads goes through the lead store on either engine: the export (columns from the
 * store's label counts, rows streamed with the list's `status` and `q`, a summary of what was written),
 * GET /stats, the follow-up list and the daily report, the same whether leads live in DATA_DIR or in
 * PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';

const auth = { 'x-api-key': ADMIN_KEY };

/** The Leads sheet as header -> value rows, and the Summary's total. */
async function readExport(res: Response): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const values = (sheet: ExcelJS.Worksheet, n: number) => {
    const v = sheet.getRow(n).values;
    return Array.isArray(v) ? v.slice(1) : [];
  };
  const leads = wb.getWorksheet('Leads');
  const summary = wb.getWorksheet('Summary');
  assert.ok(leads && summary);
  const headers = values(leads, 1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 2; i <= leads.rowCount; i++) {
    const row = values(leads, i);
    rows.push(Object.fromEntries(headers.map((h, k) => [h, row[k] ?? null])));
  }
  let total = -1;
  for (let i = 1; i <= summary.rowCount; i++) {
    const [a, b] = values(summary, i);
    if (a === 'Total leads') total = Number(b);
  }
  return { rows, total };
}

for (const engine of LEAD_ENGINES) {
  describe(`reads over many leads (${engine.name})`, () => {
    const { h } = useServer({ database: engine.database, env: { BUSINESS_TIMEZONE: 'UTC' } });

    it('exports with the list filters, counts /stats, lists follow-ups and makes the daily report', async () => {
      const create = async (body: Record<string, unknown>) => {
        const r = await postJson<{ lead: { id: string } }>(`${h.url}/leads`, body, auth);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.data.lead.id;
      };
      await create({ name: 'Alpha', fields: { Budget: '5k' } });
      await create({ name: 'Bravo', status: 'qualified', fields: { Team: '4', Budget: '9k' } });
      const charlie = await create({ name: 'Charlie Alpha', status: 'qualified', follow_up_at: '2020-01-01' });

      const all = await readExport(await fetch(`${h.url}/leads/export.xlsx`, { headers: auth }));
      assert.deepEqual(
        all.rows.map((r) => r.Name),
        ['Alpha', 'Bravo', 'Charlie Alpha'],
      );
      assert.deepEqual(
        Object.keys(all.rows[0] ?? {}).filter((k) => k === 'Budget' || k === 'Team'),
        ['Budget', 'Team'],
        'a column per label, in the order labels first appear',
      );
      assert.equal(all.rows[1]?.Team, '4');
      assert.equal(all.total, 3);
      const some = await readExport(
        await fetch(`${h.url}/leads/export.xlsx?status=qualified&q=ALPHA`, { headers: auth }),
      );
      assert.deepEqual(
        some.rows.map((r) => r.Name),
        ['Charlie Alpha'],
      );
      assert.equal(some.total, 1, 'the summary counts what was written');

      const today = new Date().toISOString().slice(0, 10);
      const stats = await getJson<{
        leads_by_day: Array<{ date: string; leads: number }>;
        by_status: Record<string, number>;
        by_source: Record<string, number>;
      }>(`${h.url}/stats?from=${today}&to=${today}`, auth);
      assert.equal(stats.status, 200);
      assert.deepEqual(stats.body.data.leads_by_day, [{ date: today, leads: 3 }]);
      assert.equal(stats.body.data.by_status.qualified, 2);
      assert.equal(stats.body.data.by_status.new, 1);
      assert.equal(stats.body.data.by_source.api, 3);

      const followups = await getJson<{ leads: Array<{ id: string }> }>(`${h.url}/leads/followups`, auth);
      assert.deepEqual(
        followups.body.data.leads.map((l) => l.id),
        [charlie],
      );

      const report = await postJson<{ rows: number }>(`${h.url}/leads/reports/generate`, { date: today }, auth);
      assert.equal(report.status, 201);
      assert.equal(report.body.data.rows, 3, "the day's report has the day's leads");
    });
  });
}
