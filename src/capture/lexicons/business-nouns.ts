/**
 * Words for a business, in the languages the visitors write ("bakery", "cervecería", "kapsalon",
 * "Fahrradladen", "kampuni"): a visitor who speaks of "my <business word>" and then gives a capitalised
 * name is naming their business. Whole words, and endings that make compounds ("-salon", "-laden",
 * "-büro", "-ería") so "hondentrimsalon" or "Architekturbüro" count without listing each.
 * A short closed list typed here: no package holds it.
 */
import { rememberedPerWord } from '../text.js';

const WORDS = `
  business biz company firm salón bar pub bistro agency startup shop store bakery bakeshop restaurant cafe café cafeteria salon studio
  clinic practice brand label boutique gym hotel guesthouse homestay hostel resort farm brewery winery distillery
  workshop garage spot truck foodtruck van stall kiosk showroom outlet pharmacy school academy institute centre
  center nursery daycare parlour parlor barbershop consultancy ngo charity trust cooperative club team band
  channel page office line firma laden winkel butik büro bureau praxis werkstatt bolt
  empresa negocio emprendimiento tienda tiendita marca agencia taller colmado restaurante hotelito hostal posada
  consultorio clínica clinica academia escuela estudio oficina despacho
  loja neg\u00f3cio agência agencia padaria pastelaria barbearia escola
  entreprise société societe boutique agence boulangerie pâtisserie patisserie librairie cabinet atelier magasin
  épicerie epicerie association asso quincaillerie pharmacie maquis riad
  azienda negozio ditta agenzia ristorante pizzeria bottega laboratorio
  unternehmen geschäft geschaeft betrieb kanzlei café bäckerei baeckerei konditorei
  bedrijf zaak praktijk
  bedrift företag foretag virksomhed yritys kahvila ravintola butikk hotell
  sklep biuro
  şirket sirket dükkan dukkan
  toko usaha warung kedai perusahaan syarikat
  kampuni duka biashara
  exporter importer manufacturer distributor wholesaler retailer supplier outfit retreat lodge inn
  roastery roaster eatery creamery cidery
  imprenta kompaniya kompania kompanii kampaniya kampanii
`;

// Endings of compound words: "kap-salon", "Fahrrad-laden", "Architektur-büro", "revisions-firma", "virág-bolt",
// "keramikk-butikk", "bok-handel", "frisør-salong", Czech trades ("kadeřnictví", "pekařství").
// At least three letters come before the ending ("bishop" and "Valerie" are no compounds).
const ENDINGS = `salon shop laden winkel butik butikk salong handel studio büro bureau werkstatt praxis firma bolt kauppa liike ería ství ctví`;

// Shop words of Portuguese, Italian, French and German ("confeitaria", "pizzeria", "boulangerie", "Bäckerei"):
// four letters before, since "Valeria", "Maria" and "Valerie" are names.
// Dutch "-erij" ("brouwerij", "bakkerij", "drukkerij") and its diminutive ("brouwerijtje").
const LONG_ENDINGS = ['aria', 'eria', 'erie', 'erei', 'erij', 'erijtje'];

const words = WORDS.split(/\s+/).filter(Boolean);
const endings = ENDINGS.split(/\s+/).filter(Boolean);

/** A regex source matching one business word (to be used with the `u` and `i` flags). */
export const BUSINESS_WORD_PATTERN = `(?:\\p{L}{3,}?(?:${endings.join('|')})(?!\\p{L})|\\p{L}{4,}?(?:${LONG_ENDINGS.join('|')})(?!\\p{L})|${words.map((w) => w.replace(/\s+/g, '\\s+')).join('|')})`;

const WORD_SET = new Set(words);

// A word shorter than this is a business word only as a whole word of the list: no compound is that short.
const SHORTEST_COMPOUND = Math.min(...endings.map((e) => e.length + 3), ...LONG_ENDINGS.map((e) => e.length + 4));

/**
 * True for a business word ("bakery", "kapsalon", "cervecería", an inflected "salona"). Remembered per word:
 * the inflected reading costs a regex, and the same words come back.
 */
export const isBusinessWord = rememberedPerWord((word) => looksLikeBusiness(word.toLowerCase()));

function looksLikeBusiness(lower: string): boolean {
  if (isBusinessForm(lower)) return true;
  // An inflected form of a business word of four letters or more: Slavic cases ("salona", "firmy",
  // "hotelu", "agencję"), Scandinavian definite forms ("butikken", "salongen"), plurals ("shops").
  const stem = INFLECTION.exec(lower);
  return stem?.[1] !== undefined && stem[1].length >= 4 && isBusinessForm(stem[1]);
}

const INFLECTION = /^(.+?)(?:a|u|y|ę|ie|iu|om|em|ach|ami|en|et|ene|s|es)$/u;

function isBusinessForm(lower: string): boolean {
  if (WORD_SET.has(lower)) return true;
  return (
    lower.length >= SHORTEST_COMPOUND &&
    (endings.some((e) => lower.length >= e.length + 3 && lower.endsWith(e)) ||
      LONG_ENDINGS.some((e) => lower.length >= e.length + 4 && lower.endsWith(e)))
  );
}

/** The message speaks of a business: one of its words (lower-cased, see text.ts wordsOf) is a business word. */
export function mentionsBusiness(present: Set<string>): boolean {
  // Asked several times for the same message's words: answered once.
  if (present !== lastWords) {
    lastWords = present;
    lastAnswer = false;
    for (const w of present) if ((lastAnswer = isBusinessWord(w))) break;
  }
  return lastAnswer;
}

let lastWords: Set<string> | undefined;
let lastAnswer = false;
