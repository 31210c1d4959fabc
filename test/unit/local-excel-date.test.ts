/**
 * The export writes each date as wall-clock time in the business zone, with zone offsets cached per
 * quarter hour. Checked against luxon minute by minute around real zone changes, in zones with odd offsets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { makeLocalExcelDate } from '../../src/reports/lead-workbook.js';

function expected(iso: string, zone: string): Date {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
}

describe('wall-clock dates of the export', () => {
  const cases: Array<[string, string]> = [
    ['America/New_York', '2025-03-09T06:00:00Z'], // spring forward at 02:00 local
    ['America/New_York', '2025-11-02T05:00:00Z'], // fall back at 02:00 local
    ['Europe/London', '2025-03-30T00:30:00Z'],
    ['Australia/Lord_Howe', '2025-04-05T14:30:00Z'], // a 30-minute change
    ['Asia/Kathmandu', '2025-06-01T00:00:00Z'], // +05:45, no change
    ['Pacific/Chatham', '2025-04-05T13:30:00Z'], // +13:45 to +12:45
    ['Asia/Karachi', '2026-01-01T00:00:00Z'],
  ];
  for (const [zone, around] of cases) {
    it(`matches luxon every minute for 4 hours around ${around} in ${zone}`, () => {
      const local = makeLocalExcelDate(zone);
      const start = Date.parse(around) - 2 * 3600_000;
      // In order and shuffled, so that cached quarters are reused from either side.
      const times = Array.from({ length: 241 }, (_, i) => start + i * 60_000 + (i % 7) * 1000);
      for (const t of [...times, ...[...times].reverse()]) {
        const iso = new Date(t).toISOString();
        assert.deepEqual(local(iso), expected(iso, zone), `${iso} in ${zone}`);
      }
    });
  }

  it('keeps ISO times with an offset and plain dates, and gives null for empty or invalid input', () => {
    const local = makeLocalExcelDate('America/New_York');
    assert.deepEqual(local('2025-03-12T10:00:00-04:00'), new Date(Date.UTC(2025, 2, 12, 10, 0)));
    assert.deepEqual(local('2025-03-12T14:00:00.999Z'), new Date(Date.UTC(2025, 2, 12, 10, 0)), 'whole seconds');
    assert.equal(local(null), null);
    assert.equal(local(''), null);
    assert.equal(local('not a date'), null);
  });
});
