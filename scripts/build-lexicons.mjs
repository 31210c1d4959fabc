// Builds the extractor's data lexicons from well-kept data packages (devDependencies), so the server
// loads a few hundred KB of words instead of the packages themselves (faker's locales alone are ~80 MB
// of heap). Run: npm run lexicons. test/unit/lexicons.test.ts checks the committed files are current.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

// OpenStreetMap's presets for places that are a business: shops, offices, food and drink, lodging, clinics and
// pharmacies, schools of a trade, gyms, and the crafts named after their workshop (a brewery, not a plumber).
const BUSINESS_PRESET =
  /^(?:shop|office)(?:\/|$)|^craft\/(?:brewery|distillery|winery|sawmill|glaziery|caterer|cleaning|electronics_repair|photographic_laboratory|pottery|window_construction|handicraft|hvac)$|^amenity\/(?:restaurant|cafe|bar|pub|fast_food|ice_cream|clinic|pharmacy|driving_school|language_school|music_school|kindergarten|childcare|car_wash|car_rental|bureau_de_change|coworking_space|nightclub|biergarten|internet_cafe|studio)$|^tourism\/(?:hotel|guest_house|hostel|motel|apartment|chalet)$|^leisure\/(?:fitness_centre|dance|sports_centre|escape_game|sauna|tanning_salon)$/;
const ONE_WORD = /^[\p{Script=Latin}'’-]{4,}$/u;

/**
 * Lower-cased one-word names of a kind of business in every Latin-script language of OpenStreetMap's iD presets
 * (@openstreetmap/id-tagging-schema: "panadería", "autohaus", "pékség", "tasca"): each business preset's name,
 * and its search terms unless a preset for something else (a building, a product's amenity, a road) uses
 * the same word or the English field labels do, so a term that also names an ordinary thing ("casa", "pan",
 * "bank", "open") is left out.
 */
export function buildBusinessKinds() {
  const dir = fileURLToPath(
    new URL('dist/', pathToFileURL(require.resolve('@openstreetmap/id-tagging-schema/package.json'))),
  );
  const presets = JSON.parse(readFileSync(`${dir}presets.json`, 'utf8'));
  const searchable = Object.keys(presets).filter((id) => presets[id].searchable !== false);
  const names = new Set();
  const terms = new Set();
  const elsewhere = new Set();
  for (const file of readdirSync(`${dir}translations`).sort()) {
    if (file.endsWith('.min.json') || file === 'index.json') continue;
    const translated = Object.values(JSON.parse(readFileSync(`${dir}translations/${file}`, 'utf8')))[0]?.presets
      ?.presets;
    if (!translated) continue;
    for (const id of searchable) {
      const preset = translated[id];
      if (!preset) continue;
      const business = BUSINESS_PRESET.test(id);
      for (const [value, isName] of [
        [preset.name, true],
        ...(preset.terms ?? []).map((t) => [t, false]),
        ...(preset.aliases ?? []).map((t) => [t, false]),
      ]) {
        const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
        if (!ONE_WORD.test(word)) continue;
        if (!business) elsewhere.add(word);
        else (isName ? names : terms).add(word);
      }
    }
  }
  // The words of the English fields and categories (labels, options: "open", "model", "both") are ordinary
  // words: a search term among them is left out too, unless English names a business with it ("Beauty Salon",
  // "Graphic Design Office").
  const english = JSON.parse(readFileSync(`${dir}translations/en.json`, 'utf8')).en.presets;
  const lettersOf = (value) =>
    new Set(
      JSON.stringify(value)
        .toLowerCase()
        .match(/\p{L}+/gu),
    );
  const ordinary = lettersOf([english.fields, english.categories]);
  const englishBusiness = lettersOf(
    searchable
      .filter((id) => BUSINESS_PRESET.test(id))
      .map((id) => [english.presets[id]?.name, english.presets[id]?.terms]),
  );
  for (const word of terms)
    if (!elsewhere.has(word) && (!ordinary.has(word) || englishBusiness.has(word))) names.add(word);
  return [...names].sort();
}

export function buildAll() {
  return {
    'person-names.json': buildPersonNames(),
    'places.json': buildPlaces(),
    'business-kinds.json': buildBusinessKinds(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, data] of Object.entries(buildAll())) {
    writeFileSync(out + file, `${JSON.stringify(data)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}
