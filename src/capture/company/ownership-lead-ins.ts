/**
 * Lead-ins of a business the visitor owns or runs: "I run X", "my shop X", "a bakery in Leeds, X".
 * BUSINESS_NOUN and OWNERSHIP tell whether the words before a name speak of the visitor's own business.
 */
import { BUSINESS_WORD_PATTERN, mentionsBusiness } from '../lexicons/business-nouns.js';
import { wordsOf } from '../text.js';
import type { LeadIn } from './lead-in.js';

export const OWNERSHIP_LEAD_INS: LeadIn[] = [
  {
    re: /\b(?:[Ii]|[Ww]e)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|lead|head)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: ['run', 'own', 'manage', 'founded', 'cofounded', 'co', 'started', 'launched', 'operate', 'lead', 'head'],
  },
  // Running or owning in the visitors' languages, then the name (maybe after an article and the kind of
  // business in lower case): "jag äger Nyströms Cykel", "och driver Nybergs Cykel & Sport", "je gère la
  // boulangerie Keur Mame Diarra", "gestisco il B&B X", "prowadzę biuro rachunkowe X" is read elsewhere.
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:[Jj]ag\s+äger|[Jj]eg\s+eier|(?:[Jj]ag|[Jj]eg|[Ee]g|och|og)\s+driv(?:er)?|[Ii]ch\s+(?:führe|leite)|[Jj]e\s+(?:g[èe]re|dirige|tiens)|[Gg]estisco|[Dd]irijo|[Aa]dministro|[Gg]erencio|[Vv]edu)\s+(?:(?:la|le|l['’]|el|o|a|il|lo|den|det|het|de|die|der|das|den)\s*)?(?:(?=\p{Ll})${BUSINESS_WORD_PATTERN}\s+)?(?=\p{Lu})`,
      'gu',
    ),
    mode: 'strict',
    needs: [
      'äger',
      'eier',
      'driver',
      'driv',
      'führe',
      'leite',
      'gère',
      'gere',
      'dirige',
      'tiens',
      'gestisco',
      'dirijo',
      'administro',
      'gerencio',
      'vedu',
    ],
  },
  // "a craft brewery in Palermo, Birra del Sur", "ik heb een kapsalon, Salon Sanne", "a jerk spot inna
  // Portmore name Yaad Flava": the visitor's business word, a few words about it, then its name.
  {
    re: new RegExp(
      `(?<!\\p{L})${BUSINESS_WORD_PATTERN}(?:\\s+[\\p{L}'’-]+){0,5}?(?:\\s*(?:[,:–—(]|\\s-)|\\s+(?:called|named|name|llamad[oa]|chamad[oa]|nomm[ée]e?|genannt|chiamat[oa]|bernama|inaitwa))\\s*['"“‘]?(?=(?:(?:el|la|the|o|a|le)\\s+)?\\p{Lu})`,
      'giu',
    ),
    mode: 'strict',
    when: (masked) => mentionsBusiness(wordsOf(masked)),
    owned: true,
    notOthers: true,
  },
  {
    re: /\b(?:my|our|mi|mis|nuestr[oa]|minha|meu|nossa|nosso|notre|mon|ma|unser|unsere|mein|meine)\s+(?:[\p{L}-]+\s+){0,2}?(?:biz|business|shop|store|company|brand|bakery|restaurant|caf[eé]|salon|studio|boutique|agency|firm|startup|negocio|tienda|empresa|loja|neg[óo]cio|entreprise|boutique|laden|firma|geschäft|winkel|bedrijf)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      'my',
      'our',
      'mi',
      'mis',
      'nuestro',
      'nuestra',
      'minha',
      'meu',
      'nossa',
      'nosso',
      'notre',
      'mon',
      'ma',
      'unser',
      'unsere',
      'mein',
      'meine',
    ],
  },
  {
    re: /\b(?:my|our)\s+(?:own\s+)?(?:[\p{L}-]+\s+){0,2}?(?:business|company|shop|store|brand|startup|agency|firm|label|bakery|restaurant|caf[eé]|salon|studio|boutique)\s*[,:]\s*(?=\p{Lu})/gu,
    mode: 'strict',
    needs: ['my', 'our'],
  },
];

// A business word in the last words before a name ("we run a small bakery called X").
export const BUSINESS_NOUN = new RegExp(`(?<!\\p{L})${BUSINESS_WORD_PATTERN}(?!\\p{L})[^.!?\\n]{0,30}$`, 'iu');

export const OWNERSHIP =
  /\b(?:my|our|mine|we|i|mi|mis|nuestr[oa]s?|tengo|tenemos|tenho|temos|minha|meu|nossa|nosso|notre|mon|ma|j['’]ai|nous\s+avons|ho|abbiamo|il\s+mio|la\s+mia|habe|haben|unser[e]?|mein[e]?|heb|hebben|mijn|ons|mam|mamy|moja|mój|har|min|mitt|minun|van\s+egy|sahibi|benim|run|own|have|has|started|opened|founded|manage|nina|tuna|punya|hamar[ai]|humar[ai]|mera|meri|driver|driva|prowadz[ęe]|on\s+a|vi\s+har|jeg\s+har|jag\s+har|ik\s+heb|wij\s+hebben|we\s+hebben|owner|co-?owner|on\s+est|u\s+nas|m[áa]m|m[áa]me|wij|m['’]n|3andi|3andna|3endna|work|working|travaille|trabajo|trabalho|arbeite|lavoro|pracuj[ęeu])(?![\p{L}\p{N}])/iu;
