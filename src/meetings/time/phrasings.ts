/**
 * Phrasings chrono's English parser does not read, rewritten into ones it does before it reads them:
 * "half past two", "quarter to 3", "10ish", "14h30", "2p", and the common French, Spanish, German,
 * Portuguese, Italian and Dutch ways of saying a day and a time ("demain à 15h", "mañana a las 3 de la
 * tarde", "morgen um 15 Uhr", "amanhã às 15h"). Each rule is a pattern of a phrasing, not of a sentence.
 */
import { rx } from './regex-cache.js';

const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday'.split(' ');
const MONTHS = 'january february march april may june july august september october november december'.split(' ');

/** Number words up to twelve, in English and the other languages read here. */
const NUMBER_WORDS: Record<string, number> = {};
const NUMBER_LISTS = [
  'one two three four five six seven eight nine ten eleven twelve',
  'una dos tres cuatro cinco seis siete ocho nueve diez once doce',
  'une deux trois quatre cinq six sept huit neuf dix onze douze',
  'eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf',
  'uma duas três quatro cinco seis sete oito nove dez onze doze',
  'una due tre quattro cinque sei sette otto nove dieci undici dodici',
  'een twee drie vier vijf zes zeven acht negen tien elf twaalf',
];
for (const list of NUMBER_LISTS) list.split(' ').forEach((w, i) => (NUMBER_WORDS[w] ??= i + 1));
/** Dutch and German hour words: "half" before them means half an hour before that hour. */
const HALF_TO_WORDS = new Set(
  [NUMBER_LISTS[3], NUMBER_LISTS[6]]
    .flatMap((list) => list?.split(' ') ?? [])
    .filter((w) => !NUMBER_LISTS[0]?.split(' ').includes(w)),
);
Object.assign(NUMBER_WORDS, { uno: 1, dois: 2, tres: 3, zwoelf: 12, funf: 5 });
// Spanish "once" (11) is English "at once"; "une"/"una"/"uma" stay only as the foreign one o'clock.
delete NUMBER_WORDS.once;

const NUMBER = `(\\d{1,2}|${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

function hourOf(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word.toLowerCase()] ?? 0);
}

/** Foreign day, month and day-part words, by the English word chrono reads. */
const FOREIGN_WORDS: Array<[string, string]> = [
  // Days relative to today (longest first: "pasado mañana" before "mañana").
  [
    'après-demain|apres-demain|pasado mañana|pasado manana|übermorgen|ubermorgen|depois de amanhã|depois de amanha|dopodomani|overmorgen',
    'the day after tomorrow',
  ],
  ["aujourd'hui|aujourd’hui|hoy|heute|hoje|oggi|vandaag", 'today'],
  // Day parts come before "mañana"/"morgen" as tomorrow: "de la mañana" is the morning.
  [
    "de la mañana|de la manana|da manhã|da manha|du matin|morgens|vormittags|am morgen|di mattina|del mattino|'s ochtends|in de ochtend",
    'am',
  ],
  [
    "de la tarde|de la noche|da tarde|da noite|de l'après-midi|de l’après-midi|de l'apres-midi|du soir|nachmittags|abends|am nachmittag|di pomeriggio|del pomeriggio|di sera|'s middags|'s avonds",
    'pm',
  ],
  ['demain|mañana|manana|morgen|amanhã|amanha|domani', 'tomorrow'],
  ['mediodía|mediodia|midi|mittags|mittag|meio-dia|meio dia|mezzogiorno', 'noon'],
  [
    'la semaine prochaine|semaine prochaine|la semana que viene|la próxima semana|la proxima semana|próxima semana|proxima semana|nächste woche|naechste woche|nachste woche|semana que vem|na próxima semana|la prossima settimana|prossima settimana|volgende week',
    'next week',
  ],
];
const FOREIGN_WEEKDAYS = [
  'lundi|lunes|montag|segunda-feira|lunedì|lunedi|maandag',
  'mardi|martes|dienstag|terça-feira|terca-feira|martedì|martedi|dinsdag',
  'mercredi|miércoles|miercoles|mittwoch|quarta-feira|mercoledì|mercoledi|woensdag',
  'jeudi|jueves|donnerstag|quinta-feira|giovedì|giovedi|donderdag',
  'vendredi|viernes|freitag|sexta-feira|venerdì|venerdi|vrijdag',
  'samedi|sábado|sabado|samstag|sabato|zaterdag',
  'dimanche|domingo|sonntag|domenica|zondag',
];
const FOREIGN_MONTHS = [
  'janvier|enero|januar|janeiro|gennaio|januari',
  'février|fevrier|febrero|februar|fevereiro|febbraio|februari',
  'mars|marzo|märz|maerz|março|maart',
  'avril|abril|aprile',
  'mai|mayo|maio|maggio|mei',
  'juin|junio|juni|junho|giugno',
  'juillet|julio|juli|julho|luglio',
  'août|aout|agosto|augustus',
  'septembre|septiembre|setiembre|setembro|settembre',
  'octobre|octubre|oktober|outubro|ottobre',
  'novembre|noviembre|novembro',
  'décembre|decembre|diciembre|dezember|dezembro|dicembre',
];

// "at" in the other languages ("a las", "à", "às", "um", "alle", "om"), before an hour.
const AT_WORDS = 'a las|a la|vers les|vers|à|às|um|gegen|alle|verso le|om|rond';

// Saints' names make places, not days: "Santo Domingo", "San Martín", "São Domingos".
const NOT_AFTER = '(?<!\\b(?:san|santo|santa|são|sao|st|saint|sainte)\\.?\\s)';

function wordsRule(words: string, to: string): [RegExp, string] {
  return [new RegExp(`${NOT_AFTER}(?<![\\p{L}])(?:${words})(?![\\p{L}])`, 'giu'), to];
}

// Portuguese short weekday names are also words ("a segunda" is the second, "Quinta do Vale" a farm): a
// day only before a time or a day number ("quinta às 10", "sexta, dia 14").
const PT_SHORT_WEEKDAYS = ['segunda', 'terça|terca', 'quarta', 'quinta', 'sexta'];
const PT_DAY_CUE = '(?=\\s*,?\\s*(?:às|as|a partir|de manhã|à tarde|dia|\\d))';

const FOREIGN_RULES: Array<[RegExp, string]> = [
  ...PT_SHORT_WEEKDAYS.map((w, i): [RegExp, string] => [
    new RegExp(`(?<![\\p{L}])(?:${w})(?![\\p{L}-])${PT_DAY_CUE}`, 'giu'),
    WEEKDAYS[i] ?? '',
  ]),
  ...FOREIGN_WORDS.map(([w, to]) => wordsRule(w, to)),
  ...FOREIGN_WEEKDAYS.map((w, i) => wordsRule(w, WEEKDAYS[i] ?? '')),
  ...FOREIGN_MONTHS.map((w, i) => wordsRule(w, MONTHS[i] ?? '')),
];

/** "14h30", "15h", "15 h 30", "15 Uhr 30", "15:30 Uhr", "15 uur" -> "14:30", "15:00". */
function rewriteHourMarks(text: string): string {
  return text
    .replace(/\b([01]?\d|2[0-3])\s?(?:h|uhr|uur)\s?([0-5]\d)\b/gi, '$1:$2')
    .replace(
      /\b([01]?\d|2[0-3])(:[0-5]\d)?\s?(?:h|uhr|uur)(?![\p{L}])/giu,
      (_m, h: string, m?: string) => `${h}${m ?? ':00'}`,
    );
}

/** "half past two", "quarter to 3", German "halb drei" (2:30), British "half two" (2:30). */
function rewriteClockWords(text: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const prev = (h: number) => (h === 1 ? 12 : h - 1);
  return (
    text
      .replace(rx('giu')`\\b(?:half past|half after|halb nach)\\s+${NUMBER}\\b`, (_m, h: string) => `${hourOf(h)}:30`)
      .replace(
        rx('giu')`\\b(?:(?:a\\s+)?quarter past|quarter after|viertel nach)\\s+${NUMBER}\\b`,
        (_m, h: string) => `${hourOf(h)}:15`,
      )
      .replace(
        rx('giu')`\\b(?:(?:a\\s+)?quarter (?:to|of|till|til)|viertel vor)\\s+${NUMBER}\\b`,
        (_m, h: string) => `${prev(hourOf(h))}:45`,
      )
      .replace(rx('giu')`\\bhalb\\s+${NUMBER}\\b`, (_m, h: string) => `${prev(hourOf(h))}:30`)
      .replace(rx('giu')`\\bom\\s+half\\s+${NUMBER}\\b`, (_m, h: string) => `om ${prev(hourOf(h))}:30`)
      // "half two" is 2:30 in English but "half elf" is 10:30 in Dutch (half to, like German "halb").
      .replace(
        rx('giu')`\\bhalf\\s+${NUMBER}(?!\\s*(?:an?\\s+)?(?:hour|hr|day|week|month|year|past|of|%))`,
        (_m, h: string) => `${HALF_TO_WORDS.has(h.toLowerCase()) ? prev(hourOf(h)) : hourOf(h)}:30`,
      )
      .replace(
        rx(
          'giu',
        )`\\b${NUMBER}\\s+(?:y|et|e|und)\\s+(media|demie|meia|mezza|halb|cuarto|quart|quarto|un quarto|viertel)\\b`,
        (_m, h: string, part: string) => `${hourOf(h)}:${/^(media|demie|meia|mezza|halb)$/i.test(part) ? '30' : '15'}`,
      )
      .replace(
        rx('giu')`\\b${NUMBER}\\s+(?:menos cuarto|moins le quart|menos um quarto|meno un quarto)\\b`,
        (_m, h: string) => `${prev(hourOf(h))}:45`,
      )
      .replace(
        /\b(\d{1,2}) (thirty|fifteen|forty-five|forty five)\b/gi,
        (_m, h: string, m: string) => `${h}:${m === 'thirty' ? '30' : m === 'fifteen' ? '15' : '45'}`,
      )
      .replace(rx('giu')`\\b${NUMBER}\\s+o'?clock\\b`, (_m, h: string) => `${hourOf(h)}:00`)
      .replace(/(\d{1,2}):(\d)(?!\d)/g, (_m, h: string, m: string) => `${h}:${pad(Number(m))}`)
  );
}

/**
 * What follows a number that is an hour ("a las 10 mañana", "à 15:00", "um 3 Uhr", "around ten?"), not a
 * count ("à 2 km", "around 2,000 SKUs", "à Trois-Rivières").
 */
const HOUR_FOLLOWS =
  "(?![\\p{L}\\d-]|[,.]\\d)(?=\\s*(?:[:.]\\d{2}|h\\b|uhr\\b|uur\\b|heures?\\b|horas?\\b|ore\\b|[ap]\\.?m\\b|o'?clock\\b|$|[,.!?;)]|(?:tomorrow|today|on|this|next|then|or|and|y|et|e|und|en|o)\\b|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b))";

/** After a number: a unit or a thing counted, so not an hour ("alle 2 Wochen", "a las 3 personas", "om 2 redenen"). */
const NOT_A_COUNT =
  '(?!\\s*(?:%|€|\\$|km|kg|cm|m\\b|x\\b|prozent|por ?ciento|per ?cento|procent|euros?|d[óo]lares|personas?|persone|pessoas|personen|mensen|leute|people|wochen|tage|monate|jahre|stunden|minuten|semanas|d[íi]as|meses|años|anos|settimane|giorni|mesi|anni|weken|dagen|maanden|jaar|uren|minuti|minutos|redenen|cosas|coisas|cose|dingen|veces|vezes|volte|keer))';

/**
 * An hour right after "at" in any of the languages: "at three", "around ten", "a las tres", "um 15", "om
 * 10:00". Digits after the English "at" are chrono's already.
 */
function rewriteHourWords(text: string): string {
  return (
    text
      .replace(rx('giu')`(?<![\\p{L}])(?:${AT_WORDS})\\s+(?=\\d{1,2}${HOUR_FOLLOWS})`, 'at ')
      // Spanish "a las"/"a la", Portuguese "às", Italian "alle", Dutch "om" say an hour before any number that no
      // unit follows, whatever comes after it ("mañana a las 10 les queda bien?", "giovedì alle 3 va bene?").
      .replace(rx('giu')`(?<![\\p{L}])(?:a las|a la|às|alle|om)\\s+(?=\\d{1,2}(?![\\d:.,h])${NOT_A_COUNT})`, 'at ')
      .replace(
        rx('giu')`(?<![\\p{L}])(at|around|${AT_WORDS})\\s+${NUMBER}${HOUR_FOLLOWS}`,
        (_m, _at: string, h: string) => `at ${hourOf(h)}`,
      )
  );
}

const blankOut = (m: string) => ' '.repeat(m.length);
const WEEKDAY_SHORT = '(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?';
const RANGE = '\\s*(?:-|–|—|to|until|till)\\s*';
const CLOCK = '\\d{1,2}(?:[:.]\\d{2})?\\s*(?:[ap]\\.?m\\.?)?';

/**
 * Numbers that look like times but say something else, blanked: opening hours quoted back ("Mon–Fri
 * 09:00–17:30": a range of days with its hours), version numbers ("v2.3", "1.4.2", "from 3.10 to 4.2":
 * a dotted range whose ends are not both clock times).
 */
function blankNonTimes(text: string): string {
  return text
    .replace(rx('gi')`\\b${WEEKDAY_SHORT}${RANGE}${WEEKDAY_SHORT}(?:,?\\s*${CLOCK}${RANGE}${CLOCK})?`, blankOut)
    .replace(/\bv?\d+(?:\.\d+){2,}\b|\bv\d+(?:\.\d+)?\b/gi, blankOut)
    .replace(/\b\d{1,2}\.\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\.\d{1,2}\b/g, (m) =>
      /^\d{1,2}\.\d{2}\s*(?:-|–|to)\s*\d{1,2}\.\d{2}$/.test(m) ? m : blankOut(m),
    );
}

export function rewritePhrasings(text: string): string {
  // "10ish", "10-ish", "around 3ish" -> the hour.
  let out = blankNonTimes(text).replace(/\b(\d{1,2}(?::\d{2})?)\s?-?ish\b/gi, '$1');
  for (const [re, to] of FOREIGN_RULES) out = out.replace(re, to);
  out = rewriteClockWords(out);
  out = rewriteHourMarks(out);
  out = rewriteHourWords(out);
  return (
    out
      // "2p", "9:30p" -> "2pm" (an hour of the clock only: "50p" is a price; "6a" is Spanish for 6th).
      .replace(/\b(1[0-2]|0?[1-9])(:[0-5]\d)?p(?![\p{L}.\d])/giu, '$1$2pm')
      // "at 14.30", "14.30 Uhr", "9.30am": a dotted clock time where a time is said.
      // (not "from 3.10 to 4.2": a range is of clock times at both ends, or of version numbers)
      .replace(
        /\b(at|@|by|from|until|till|around|about|um|à|às)\s+([01]?\d|2[0-3])\.([0-5]\d)\b(?!\s*(?:-|–|to|until)\s*\d+\.\d(?!\d))/gi,
        '$1 $2:$3',
      )
      .replace(/\b([01]?\d|2[0-3])\.([0-5]\d)\s?(am|pm|a\.m\.|p\.m\.)/gi, '$1:$2$3')
      // "@ 3pm", "@3" -> "at 3".
      .replace(/@\s?(?=\d)/g, 'at ')
      // "le 5", "el 5", "am 5.", "dia 5", "il 5" (not before a month: chrono reads "5 march") -> "the 5th".
      .replace(
        rx(
          'giu',
        )`\\b(?:(?:le|el|dia|il|op de)\\s+(\\d{1,2})\\.?|am\\s+(\\d{1,2})\\.)(?!\\d|:|\\s*(?:${MONTHS.join('|')}|de (?:${MONTHS.join('|')})))`,
        (_m, d?: string, dAm?: string) => `the ${d ?? dAm}th`,
      )
      // "5 de marzo", "5 de março" -> "5 march".
      .replace(rx('gi')`\\b(\\d{1,2})\\.?\\s+de\\s+(${MONTHS.join('|')})`, '$1 $2')
      // "mardi prochain", "próximo martes", "nächsten Dienstag" -> "next tuesday".
      .replace(rx('gi')`\\b(${WEEKDAYS.join('|')})\\s+(?:prochain|que viene|que vem|prossimo)\\b`, 'next $1')
      .replace(
        rx(
          'gi',
        )`\\b(?:el |la |o |a )?(?:próximo|proximo|próxima|proxima|nächsten|nächster|naechsten|kommenden|prossimo|volgende)\\s+(${WEEKDAYS.join('|')})\\b`,
        'next $1',
      )
  );
}
