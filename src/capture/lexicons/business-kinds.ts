/**
 * Words that name a kind of business in ~90 languages ("panadería", "autohaus", "pékség", "tasca", "kafé"),
 * built by `npm run lexicons` from OpenStreetMap's iD presets (@openstreetmap/id-tagging-schema, ISC): the
 * one-word names and search terms of its presets for shops, offices, food and drink, lodging, clinics,
 * pharmacies and workshops, in every Latin-script translation (see scripts/build-lexicons.mjs). Kept apart
 * from `business-nouns.ts` (typed, with compound endings, read by the lead-ins in lower case too): these
 * words are many and some also name a product ("design", "model"), so they are read only written
 * capitalised, beside a capitalised name (`company/business-kind-spans.ts`).
 */
import { readFileSync } from 'node:fs';

const KINDS = new Set(JSON.parse(readFileSync(new URL('./business-kinds.json', import.meta.url), 'utf8')) as string[]);

/** True for a word (any case) that names a kind of business in some language. */
export function isBusinessKind(word: string): boolean {
  return KINDS.has(word.toLowerCase());
}

/**
 * One of the message's words (lower-cased, see text.ts wordsOf) names a kind of business and is written
 * capitalised in the text ("Tasca", not "tasca"): the only way the readers of kinds use one.
 */
export function mentionsCapitalisedKind(present: Set<string>, text: string): boolean {
  // Asked again for the same message: answered once.
  if (text !== lastText) {
    lastText = text;
    lastAnswer = false;
    for (const w of present)
      if (KINDS.has(w) && text.includes(w.charAt(0).toUpperCase() + w.slice(1))) {
        lastAnswer = true;
        break;
      }
  }
  return lastAnswer;
}

let lastText: string | undefined;
let lastAnswer = false;
