/**
 * How people introduce themselves and their organisation in many languages, written in Latin script (as
 * visitors type them on any keyboard). Regex fragments, lower case; accents optional where people drop
 * them. A closed list, typed here: no data package holds these phrasings.
 */

/** "my name is" / "I am" / "I'm called", before the name. */
export const SELF_INTRODUCTIONS = [
  // Romance
  'me\\s+llamo', 'mi\\s+nombre\\s+es', 'soy', 'je\\s+m[\'’]appell?e', 'je\\s+suis', 'mon\\s+nom\\s+est', 'moi\\s+c[\'’]est',
  'mi\\s+chiamo', 'il\\s+mio\\s+nome\\s+[èe]', 'sono', 'meu\\s+nome\\s+[ée]', 'o\\s+meu\\s+nome\\s+[ée]', 'me\\s+chamo',
  'chamo-me', 'eu\\s+sou', 'sou\\s+(?:o|a)', 's[óo]c', 'em\\s+dic', 'm[ăa]\\s+numesc', 'numele\\s+meu\\s+(?:este|e)',
  'eu\\s+sunt', 'sunt',
  // Germanic
  'ich\\s+bin', 'ich\\s+bi', 'ich\\s+hei(?:ß|ss)e', 'mein\\s+name\\s+ist', 'ik\\s+ben', 'ik\\s+heet', 'mijn\\s+naam\\s+is',
  'jag\\s+heter', 'jag\\s+[äa]r', 'jeg\\s+heter', 'jeg\\s+hedder', 'jeg\\s+er', 'mitt\\s+navn\\s+er', 'mit\\s+navn\\s+er',
  '[ée]g\\s+heiti', 'nafni[ðd]\\s+mitt\\s+er', 'my\\s+naam\\s+is', 'ek\\s+is',
  // Finnic, Baltic, Hungarian
  'minun\\s+nimeni\\s+on', 'nimeni\\s+on', 'min[äa]\\s+olen', 'olen', 'minu\\s+nimi\\s+on', 'mina\\s+olen', 'ma\\s+olen',
  'mani\\s+sauc', 'mans\\s+v[āa]rds\\s+ir', 'es\\s+esmu', 'esmu', 'mano\\s+vardas(?:\\s+yra)?', 'a[šs]\\s+esu',
  'a\\s+nevem', 'nevem', '[ée]n\\s+vagyok',
  // Slavic (Latin script and transliterated)
  'nazywam\\s+si[ęe]', 'mam\\s+na\\s+imi[ęe]', 'jestem', 'jsem', 'ja\\s+jsem', 'jmenuj[iu]\\s+se', 'vol[áa]m\\s+sa',
  'moje\\s+meno\\s+je', 'som', 'me\\s+zovem', 'zovem\\s+se', 'ja\\s+sam', 'moje\\s+ime\\s+je', 'ime\\s+mi\\s+je', 'jaz\\s+sem',
  'sem', 'jas\\s+sum', 'se\\s+vikam', 'moeto\\s+ime\\s+e', 'menya\\s+zovut', 'menja\\s+zovut', 'mene\\s+zvaty',
  'mianie\\s+zavu[ćc]', 'mjane\\s+zavut', 'меня\\s+зовут',
  // Albanian, Greek, Turkish, Caucasus, Central Asia
  'un[ëe]\\s+jam', 'quhem', 'emri\\s+im\\s+[ëe]sht[ëe]', 'eimai', 'ime', 'me\\s+lene', 'me\\s+legane', 'to\\s+onoma\\s+mou\\s+einai',
  'benim\\s+ad[ıi]m', 'benim\\s+ismim', 'ad[ıi]m', 'ismim', 'm[əe]nim\\s+ad[ıi]m', 'im\\s+anun[ny]?', 'chemi\\s+saxeli(?:a)?',
  'men[iı]n\\s+at[ıy]m', 'mening\\s+ismim',
  // Asia, Africa, Middle East
  'nama\\s+saya', 'nama\\s+aku', 'namaku', 'nama\\s+ku', 'saya', 'aku', 'ako\\s+si', 'ako\\s+po\\s+si', 'ako\\s+ay',
  't[êe]n\\s+(?:t[ôo]i|em|m[ìi]nh)\\s+l[àa]', 't[ôo]i\\s+l[àa]', 'em\\s+l[àa]', 'watashi\\s+wa', 'wo\\s+shi', 'wo\\s+jiao',
  'ngo\\s+hai', 'jeoneun', 'mera\\s+naam', 'mera\\s+nam', 'amar\\s+nam', 'mage\\s+nama', 'en\\s+peyar', 'ismi', 'ismee',
  'esmi', 'ana\\s+ismi', 'esme\\s+man', 'shmi', 'phom\\s+chue', 'chan\\s+chue', 'jina\\s+langu\\s+ni', 'naitwa',
  'sunana', 'ke\\s+nna', 'leina\\s+la\\s+me\\s+ke', 'ndini', 'ngiyi', 'esmy', 'chamo\\s+me', 'or[uụ]k[oọ]\\s+mi\\s+ni', 'aha\\s+m\\s+b[uụ]', 'igama\\s+lami\\s+ngu', 'noqu\\s+yaca\\s+o',
  // A third person writing: "les escribe X", "vous écrit X"
  'les\\s+escribe', 'te\\s+escribe', 'vous\\s+[ée]crit', 'quien\\s+le\\s+escribe\\s+es', 'le\\s+escribe(?:\\s+(?:el|la))?',
  'habla\\s+con', 'le\\s+habla', 'habla', 'nazali', 'ninaitwa', 'naam\\s+is', 'name\\s+ist', 'nombre\\s+es', 'nome\\s+[ée]',
];

/** Labels before a name in a form: "Nome:", "Jméno:", "Ime in priimek:". */
export const NAME_LABELS = [
  'navn', 'namn', 'nafn', 'nimi', 'jm[ée]no', 'meno', 'imi[ęe](?:\\s+i\\s+nazwisko)?', 'nome(?:\\s+completo)?',
  'nombre(?:\\s+completo)?', 'nom(?:\\s+complet)?', 'naam', 'isim', 'ad\\s+soyad', 'ime(?:\\s+(?:i|in)\\s+priimek|\\s+i\\s+prezime)?',
  'n[ée]v', 'vardas', 'v[āa]rds', 'emri', 'nume', 'imya', 'imja', 'nama', 'pangalan', 't[êe]n', 'jina', 'ansprechpartner(?:in)?',
  'kontaktperson', 'persona\\s+de\\s+contacto', 'interlocuteur', 'contact',
];

/** Labels before a company in a form: "Empresa:", "Podjetje:", "Fyrirtæki:". */
export const COMPANY_LABELS = [
  'company', 'company\\s+name', 'business', 'business\\s+name', 'organi[sz]ation', 'organi[sz]ation\\s+name', 'org', 'employer',
  'firm', 'agency', 'brand', 'startup', 'empresa', 'compa[ñn][íi]a', 'soci[ée]t[ée]', 'entreprise', 'firma', 'firm[ăa]',
  'unternehmen', 'azienda', 'bedrijf', 'organizacja', '[şs]irket', '[şs]irk[əe]t', 'perusahaan', 'syarikat', 'kampuni',
  'компания', 'fyrirt[æa]ki', 'ettev[õo]te', 'uz[ņn][ēe]mums', '[įi]mon[ėe]', 'podjetje', 'tvrtka', 'spolo[čc]nos[ťt]',
  'spole[čc]nost', 'kompania', 'companie', 'compania', 'kompaniya', 'c[ée]g', 'yritys', 'kompanya', 'c[ôo]ng\\s+ty', 'raz[óo]n\\s+social', 'raison\\s+sociale', 'denomina[çc][ãa]o', 'ragione\\s+sociale',
];

/** "from/at the company X" after a name or "I work": the organisation follows. */
export const COMPANY_PREPOSITIONS = [
  'from', 'at', 'with', 'of', '@', 'de', 'da', 'do', 'della', 'del', 'von', 'van', 'chez', 'dari', 'z', 'ze', 'iz', 'od',
  'ot', 'aus', 'apo', 'bei', 'na', 'nga', 'fra', 'från', 'taga', 'mula\\s+sa', 'de\\s+la',
];

/** Organisation nouns that may stand between the preposition and the name: "iz podjetja X", "nga kompania X". */
export const ORGANISATION_NOUNS = [
  'company', 'firm', 'coop[ée]rative', 'cooperative', 'association', 'soci[ée]t[ée]', 'empresa', 'firma', 'firmy', 'firme',
  'tvrtke', 'tvrtka', 'kompanije', 'podjetja', 'podjetje', 'kompania', 'kompanii', 'kampanii', 'companiei', 'compania',
  'entreprise', 'azienda', 'organi[sz]ation', 'ettev[õo]ttes', 'uz[ņn][ēe]muma', '[şs]irketinden', 'firmasından',
  'boutique', 'agence', 'agencia', 'ag[êe]ncia', 'p[âa]tisserie', 'quincaillerie', 'magasin', 'atelier', 'cabinet', 'maquis',
  'tienda', 'negocio', 'restaurant', 'restaurante', 'pharmacie', 'farmacia', 'clinique', 'cl[íi]nica', 'loja', 'oficina',
  'panader[íi]a', 'pasteler[íi]a', 'ferreter[íi]a', 'inmobiliaria', 'imobili[áa]ria', 'constructora', 'ong', 'ngo', 'asociaci[óo]n',
  'fundaci[óo]n', 'cooperativa', 'shop', 'store', 'bakery', 'agency', 'studio', 'salon', 'sal[óo]n', 'hotel', 'garage',
];
