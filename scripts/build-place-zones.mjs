// Builds the place -> IANA zone table the meeting-time reader uses for "9am London time" or "3pm in Tokyo"
// (src/meetings/time/place-zones.json) from well-kept data packages: cities of 100,000+ people from
// city-timezones (the most populous city wins a shared name: London, England over London, Ontario) and
// country names from i18n-iso-countries with their zones from countries-and-timezones (a country whose
// zones lie more than two hours apart, such as the United States, names no one time and is left out).
// Run: npm run lexicons. test/unit/meeting-time-zones.test.ts checks the committed file is current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cities = require('city-timezones');
const countryNames = require('i18n-iso-countries');
const countryZones = require('countries-and-timezones');
const { DateTime } = require('luxon');

const MIN_POPULATION = 100_000;
const LATIN = /^[\p{Script=Latin}'’ .-]+$/u;
const out = fileURLToPath(new URL('../src/meetings/time/place-zones.json', import.meta.url));

const key = (name) => name.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();

/** Offsets (minutes) of a zone in January and July 2026: two zones name one time when both agree. */
function offsetsOf(zone) {
  return [1, 7].map((month) => DateTime.fromObject({ year: 2026, month, day: 15 }, { zone }).offset);
}

export function buildPlaceZones() {
  const best = new Map(); // name -> {zone, pop}
  const biggestCity = new Map(); // ISO2 -> {zone, pop}
  for (const c of cities.cityMapping) {
    if (!c.timezone) continue;
    const top = biggestCity.get(c.iso2);
    if (!top || c.pop > top.pop) biggestCity.set(c.iso2, { zone: c.timezone, pop: c.pop });
    if (c.pop < MIN_POPULATION) continue;
    for (const name of new Set([c.city, c.city_ascii])) {
      if (!name || !LATIN.test(name) || name.length < 3) continue;
      const k = key(name);
      const seen = best.get(k);
      if (!seen || c.pop > seen.pop) best.set(k, { zone: c.timezone, pop: c.pop });
    }
  }
  const places = Object.fromEntries([...best].map(([k, v]) => [k, v.zone]));
  for (const [iso2, names] of Object.entries(countryNames.getNames('en', { select: 'all' }))) {
    const zones = countryZones.getCountry(iso2)?.timezones ?? [];
    const main = biggestCity.get(iso2)?.zone ?? zones[0];
    if (!main) continue;
    const offsets = zones.flatMap(offsetsOf);
    if (offsets.length > 0 && Math.max(...offsets) - Math.min(...offsets) > 120) continue;
    for (const name of names) if (name.length > 2 || /^[A-Z]{2}$/.test(name)) places[key(name)] ??= main;
  }
  return Object.fromEntries(Object.entries(places).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(out, `${JSON.stringify(buildPlaceZones())}\n`);
  process.stdout.write('wrote place-zones.json\n');
}
