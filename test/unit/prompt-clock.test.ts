/**
 * The clock line of a turn's facts (src/chat/prompt-layout.ts) is reused within a minute: it must still say
 * the minute, the zone and the day of the turn it is in, whatever came before it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { buildTurnFacts } from '../../src/chat/prompt-layout.js';
import { blankTurnFacts } from '../helpers/turn-facts.js';

function clockOf(now: DateTime): string {
  const line = buildTurnFacts(blankTurnFacts(now))
    .split('\n')
    .find((l) => l.startsWith('Current date and time'));
  assert.ok(line);
  return line;
}

describe('the clock line of the turn facts', () => {
  it('follows the minute, the zone and daylight saving time', () => {
    const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
    const cases: Array<[string, string, string]> = [
      ['2026-03-29T00:59:59.900Z', 'Europe/London', 'Sunday, 29 March 2026, 00:59 (Europe/London)'],
      // The same UTC minute seen from another zone.
      ['2026-03-29T00:59:59.950Z', 'America/New_York', 'Saturday, 28 March 2026, 20:59 (America/New_York)'],
      // London springs forward at 01:00 UTC: one second later it is 02:00 there.
      ['2026-03-29T01:00:00.900Z', 'Europe/London', 'Sunday, 29 March 2026, 02:00 (Europe/London)'],
      ['2026-03-29T01:00:30.000Z', 'Europe/London', 'Sunday, 29 March 2026, 02:00 (Europe/London)'],
      ['2026-03-29T01:01:00.000Z', 'Europe/London', 'Sunday, 29 March 2026, 02:01 (Europe/London)'],
      // A zone 45 minutes off the hour, and back to the first zone.
      ['2026-03-29T01:01:00.000Z', 'Asia/Kathmandu', 'Sunday, 29 March 2026, 06:46 (Asia/Kathmandu)'],
      ['2026-03-29T01:01:10.000Z', 'Europe/London', 'Sunday, 29 March 2026, 02:01 (Europe/London)'],
    ];
    for (const [iso, zone, expected] of cases)
      assert.equal(clockOf(at(iso, zone)), `Current date and time: ${expected}.`);
  });
});
