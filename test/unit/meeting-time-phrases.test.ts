/**
 * The meeting-time reader against our phrase set (test/fixtures/meeting-times/phrases.json): the issue's
 * phrasings and more, in zones with daylight saving time near their changes (New York 8 March 2026,
 * London and Berlin 29 March 2026, Sydney 5 April 2026), with offered slots, days under discussion and the
 * visitor's zone. The blind sets in that folder are scored by `npm run bench:times`, not asserted here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { zoneOfPlace } from '../../src/meetings/time/zone-phrases.js';
import { judgeTimeItem, loadTimeItems } from '../helpers/time-corpus.js';

const PHRASES = new URL('../fixtures/meeting-times/phrases.json', import.meta.url).pathname;

describe('reading meeting times: the phrase set', () => {
  const items = loadTimeItems(PHRASES);

  it('has the issue phrasings and at least 20 more, in several kinds', () => {
    assert.ok(items.length >= 60, `${items.length} items`);
    assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'ids are unique');
    const kinds = new Set(items.map((i) => i.kind));
    for (const kind of [
      'ordinal',
      'named-zone',
      'offset',
      'relative-week',
      'offered-pick',
      'day-answer',
      'foreign',
      'trap',
    ])
      assert.ok(kinds.has(kind), kind);
  });

  for (const item of items) {
    it(`${item.id} ${item.kind}: ${item.text}`, () => {
      const judged = judgeTimeItem(item);
      assert.ok(judged.ok, `expected ${JSON.stringify(item.expect)}, got ${JSON.stringify(judged.got)}`);
    });
  }
});

describe('places and their zones', () => {
  it('reads cities, countries and regions, not common words', () => {
    assert.equal(zoneOfPlace('New York'), 'America/New_York');
    assert.equal(zoneOfPlace('london'), 'Europe/London', 'the biggest London');
    assert.equal(zoneOfPlace('San Francisco'), 'America/Los_Angeles');
    assert.equal(zoneOfPlace('India'), 'Asia/Kolkata');
    assert.equal(zoneOfPlace('UK'), 'Europe/London');
    assert.equal(zoneOfPlace('Pacific'), 'America/Los_Angeles');
    assert.equal(zoneOfPlace('USA'), undefined, 'a country of several zones names none');
    for (const word of ['lunch', 'same', 'nice', 'reading', 'local', 'my'])
      assert.equal(zoneOfPlace(word), undefined, word);
  });

  it('place-zones.json is the committed output of npm run lexicons', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { buildPlaceZones } = (await import('../../scripts/build-place-zones.mjs')) as {
      buildPlaceZones: () => Record<string, string>;
    };
    const committed = readFileSync(new URL('../../src/meetings/time/place-zones.json', import.meta.url), 'utf8');
    assert.equal(committed, `${JSON.stringify(buildPlaceZones())}\n`, 'stale: run npm run lexicons');
  });
});
