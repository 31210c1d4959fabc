/**
 * Countries (every English alias) and cities and provinces of 50,000+ people, built by `npm run lexicons`
 * from i18n-iso-countries and city-timezones, plus regions people name that no gazetteer lists as a
 * city. "I'm from Dubai" names a place, not a company; "Sara from Lagos" is not a company called Lagos.
 */
import { readFileSync } from 'node:fs';

const REGIONS = [
  'uk',
  'gb',
  'england',
  'scotland',
  'wales',
  'usa',
  'us',
  'uae',
  'ksa',
  'emirates',
  'europe',
  'asia',
  'africa',
  'america',
  'latin america',
  'middle east',
  'gulf',
  'silicon valley',
  'bay area',
  'midwest',
  'east coast',
  'west coast',
  'abroad',
  'overseas',
  'new york',
  'abu dhabi',
  'hong kong',
  'sao paulo',
  'são paulo',
  'kuala lumpur',
  'cape town',
  'buenos aires',
  'mexico city',
  'tel aviv',
  'ho chi minh city',
  'los angeles',
  'san francisco',
  'rio de janeiro',
  'the states',
  'the us',
  'the uk',
  'the uae',
  'the netherlands',
];

/** Without accents: the gazetteer writes "bogota", visitors "Bogotá"; some names it has only with them ("asunción"). */
function withoutAccents(lower: string): string {
  return ASCII.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '');
}
const ASCII = /^[ -~]*$/;

const PLACES = new Set(
  [...(JSON.parse(readFileSync(new URL('./places.json', import.meta.url), 'utf8')) as string[]), ...REGIONS].map(
    withoutAccents,
  ),
);

/** True when the phrase (any case, accents and dots ignored) is a known place. */
export function isPlace(phrase: string): boolean {
  return PLACES.has(withoutAccents(phrase.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim()));
}
