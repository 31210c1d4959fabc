// Builds the extractor's data lexicons from well-kept data packages (devDependencies), so the server
// loads a few hundred KB of words instead of the packages themselves (faker's locales alone are ~80 MB
// of heap). Run: npm run lexicons. test/unit/lexicons.test.ts checks the committed files are current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';

const require = createRequire(import.meta.url);
const cities = require('city-timezones');
const countries = require('i18n-iso-countries');

const LATIN = /^[\p{Script=Latin}'’ .-]+$/u;
const out = fileURLToPath(new URL('../src/capture/lexicons/', import.meta.url));

/** Lower-cased single words of person names (given and family) across faker's locales, Latin script. */
export function buildPersonNames() {
  const given = new Set();
  const family = new Set();
  const add = (set, value) => {
    if (!value) return;
    const list = Array.isArray(value) ? value : Object.values(value).flat();
    for (const entry of list) {
      if (typeof entry !== 'string' || !LATIN.test(entry)) continue;
      for (const word of entry.toLowerCase().split(/[\s]+/)) if (/^\p{L}[\p{L}'’-]+$/u.test(word)) set.add(word);
    }
  };
  for (const locale of Object.values(allLocales)) {
    add(given, locale.person?.first_name);
    add(given, locale.person?.middle_name);
    add(family, locale.person?.last_name);
  }
  return { given: [...given].sort(), family: [...family].sort() };
}

/** Lower-cased names of countries (English, every alias) and of cities and provinces with 50,000+ people. */
export function buildPlaces() {
  const places = new Set();
  for (const names of Object.values(countries.getNames('en', { select: 'all' }))) {
    for (const name of names)
      if (name.length > 3 || /^[A-Z]+$/.test(name) === false) places.add(name.toLowerCase().replace(/\./g, ''));
  }
  for (const c of cities.cityMapping) {
    if (c.pop < 50000) continue;
    for (const name of [c.city, c.city_ascii]) if (name && LATIN.test(name)) places.add(name.toLowerCase());
    if (c.province && LATIN.test(c.province) && c.pop >= 200000) places.add(c.province.toLowerCase());
  }
  return [...places].filter((p) => p.length >= 3).sort();
}

export function buildAll() {
  return { 'person-names.json': buildPersonNames(), 'places.json': buildPlaces() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, data] of Object.entries(buildAll())) {
    writeFileSync(out + file, `${JSON.stringify(data)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}
