/**
 * Lead-ins of a business the visitor owns or runs: "I run X", "my shop X", "a bakery in Leeds, X".
 * BUSINESS_NOUN and OWNERSHIP tell whether the words before a name speak of the visitor's own business.
 */
import type { LeadIn } from './lead-in.js';

export const OWNERSHIP_LEAD_INS: LeadIn[] = [
  {
    re: /\b(?:[Ii]|[Ww]e)\s+(?:run|own|manage|founded|co-?founded|started|launched|operate|lead|head)\s+(?=\p{Lu})/gu,
    mode: 'strict',
    needs: ['run', 'own', 'manage', 'founded', 'cofounded', 'co', 'started', 'launched', 'operate', 'lead', 'head'],
  },
  {
    re: /\b(?:business|company|shop|store|bakery|restaurant|caf[eé]|studio|brand|agency|firm|startup|label|clinic|practice|hotel|resort|farm|salon|boutique|bakeshop|workshop|negocio|tienda|taller|colmado(?:-bar)?|hotelito|restaurante|panader[íi]a|ferreter[íi]a|cl[íi]nica|consultorio|loja|empresa|emprendimiento|marca|boulangerie|entreprise|soci[ée]t[ée]|laden|firma|agence|agencia|sal[óo]n|p[âa]tisserie|quincaillerie|magasin|atelier|maquis|riad|hoster[íi]a|provision\s+store|pharmacie|farmacia)(?:\s+[\p{L}'’-]+){0,5}?\s*(?:[,:–—]|\s-)\s*(?:(?:el|la|the|o|a|le)\s+)?(?=\p{Lu})/gu,
    mode: 'strict',
    needs: [
      'business',
      'company',
      'shop',
      'store',
      'bakery',
      'restaurant',
      'café',
      'cafe',
      'studio',
      'brand',
      'agency',
      'firm',
      'startup',
      'label',
      'clinic',
      'practice',
      'hotel',
      'resort',
      'farm',
      'salon',
      'boutique',
      'bakeshop',
      'workshop',
    ],
    owned: true,
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

export const BUSINESS_NOUN =
  /(?:\p{L}+(?:er[íi]a|erie|erei|eria|aria)\b|\b(?:estudio|spot|atelier|workshop|werkstatt|taller|oficina|kanzlei|praxis)|\b(?:company|business|firm|agency|startup|shop|store|bakery|restaurant|caf[eé]|cafeteria|cafetería|salon|studio|clinic|practice|brand|label|boutique|gym|hotel|farm|brewery|cervecer[íi]a|pasteler[íi]a|panader[íi]a|empresa|negocio|emprendimiento|tienda|loja|soci[ée]t[ée]|entreprise|firma|laden|unternehmen|azienda|negozio|bedrijf|winkel|sklep|[şs]irket|toko|usaha|kampuni|duka|ngo|charity|consultancy|practice)\b)[^.!?\n]{0,30}$/iu;

export const OWNERSHIP =
  /\b(?:my|our|mine|we|i|mi|mis|nuestr[oa]s?|tengo|tenemos|tenho|temos|minha|meu|nossa|nosso|notre|mon|ma|j['’]ai|nous\s+avons|ho|abbiamo|il\s+mio|la\s+mia|habe|haben|unser[e]?|mein[e]?|heb|hebben|mijn|ons|mam|mamy|moja|mój|har|min|mitt|minun|van\s+egy|sahibi|benim|run|own|have|has|started|opened|founded|manage)\b/iu;
