/** Small closed word lists of the chat language itself: words that are not names, greetings, sign-offs. */

/** Words that follow "I'm", "this is", "we are" and are not names. Lower case. */
export const NOT_NAME_WORDS = new Set(
  `i i'm i’m im me my mine we us our you your he she they them it we're we’re they're they’re you're you’re
  that's that’s there's there’s here's here’s what's what’s let's let’s i've i’ve we've we’ve i'd i’d
  name's name’s names
  interested looking from not a an the good fine great well ok okay okey here there sure unsure just also very really so too
  trying planning thinking wondering calling writing reaching contacting asking hoping going getting having doing making
  in on at with for to of by about into available free busy ready happy glad new still currently based living located
  working work sorry afraid curious keen eager excited confused lost stuck done back home out away late early alone
  developer designer engineer student owner manager founder freelancer consultant ceo cto cfo coo director marketer
  doctor teacher lawyer agent startup company business small big searching seeking need needing wanting
  want like would will can could should might may must shall do does did is are was were be been being am has have
  had and or but if then than that this these those it its it's what which who whom whose when where why how
  yes no yeah yep nope hi hello hey thanks thank please dear sir madam team everyone all any some none each every
  calling messaging texting emailing inquiring enquiring requesting following replying responding checking
  today tomorrow tonight now later soon asap anytime anyway again after before morning afternoon evening night
  monday tuesday wednesday thursday friday saturday sunday january february march april june july august
  september october november december weekday weekend pakistani american british indian german canadian australian
  customer client visitor user buyer seller myself ourselves someone somebody nobody anyone anybody
  more less much many most least few little only even ever never always often sometimes usually
  open closed urgent important satisfied disappointed unhappy impressed surprised worried concerned
  human bot robot real serious kidding joking hungry tired sick better worse best worst
  regards cheers best wishes sincerely thx ty tks br kind warm warmest respectfully cordially yours
  website site app shop store email mail phone number call contact details info information company name id
  asking enquiry inquiry question request quote pricing price prices cost budget project
  gmail yahoo hotmail outlook whatsapp telegram linkedin facebook instagram
  not sure maybe perhaps probably definitely absolutely exactly correct right wrong true false
  speaking reachable interested interessiert interesado interesada intéressé intéressée
  freelance self-employed selfemployed independent retired unemployed
  mr mrs ms miss dr prof sir madam btw desu lah la po ji hai hoon hun hu ya
  aqui aquí hier ici qui dis
  ich je yo eu io ik jag jeg jsem soy sono sou somos wir nous nosotros meu mein mon mi il los las les und et och og ve dan ni
  hola ciao bonjour merci gracias danke obrigado obrigada grazie salut hej hei moi szia ahoj
  olá ola buongiorno bom boa buenos buenas guten hallo hoi goedemorgen goedemiddag`
    .split(/\s+/)
    .filter(Boolean),
);

/** Titles dropped before a name ("Dr. Ahmed Khan" -> "Ahmed Khan"). */
export const TITLES =
  /^(?:(?:md\.|mohd\.?|daw|avv|licda|lcda|lcdo|abog|barrister|advocate|adv|attorney|counsel|solicitor|arch|capt|captain|col|maj|mr|mrs|ms|miss|mx|dr|dra|prof|engr|eng|ing|dipl\.?-ing|dipl|mag|lic|arq|abg|atty|sir|madam|mister|herr|frau|sr|sra|srta|don|doña|dona|mme|mlle|monsieur|madame|dott|dottssa|sig|signor|signora|pan|pani|shri|sri|smt|sheikh|hajji?|alhaji|alhaja|ustaz|bapak|pak|ibu|bu|pastor|rev|reverend|deaconess|deacon|bishop|apostle|evangelist|prophet|ma[îi]tre|khun|fr|imam|hon|chief|ir|drs|encik|puan|tuan|datuk|dato|mwalimu|mzee|bwana)\.?\s+)+/i;

/** Particles inside names, kept lower case ("Ludwig van Beethoven", "Ahmad bin Ali"). */
export const NAME_PARTICLES = new Set(
  `van von der den de del della di da das dos do du la le y e bin binti bint ibn al el ben ter ten st dela delos del mac bint binte ap ó o' ní ni nic mc los las i`.split(
    /\s+/,
  ),
);

/** Greetings a message may start with ("hi, Maria here"). */
export const GREETING_PATTERN = String.raw`(?:hi+|hiya|hello+|hallo|helo|hey+|heya|howdy|greetings|yo|kalimera|geia|szia|sziasztok|ahoj|dobr[ýy]\s+den|hej|hei|moi|hoi|gr[üu]ezi(?:\s+mitenand)?|gr[üu](?:ß|ss)\s+gott|sat\s+sri\s+akal(?:\s+ji)?|wah\s+gwaan|eae|e\s+a[ií]|shalom|sawasdee(?:\s+k(?:h)?r(?:u|a)b)?|habari(?:\s+za\s+\p{L}+)?|nanga\s+def|sannu|bawo|kedu|mambo|jambo|dzie[nń]\s+dobry|zdravo|dobar\s+dan|zdravstvuyte|privet|salve|buen\s+d[ií]a|hola+|salam|salaam|salut|bonjour|bonsoir|hola|buenas|buenos\s+d[ií]as|buenas\s+tardes|ol[aá]|oi|bom\s+dia|boa\s+tarde|ciao|buongiorno|hoi|goedemorgen|guten\s+(?:tag|morgen)|servus|moin|cze[sś][ćc]|dzie[nń]\s+dobry|merhaba|selam|namaste|namaskar|aoa|assalam(?:u|o)?\s*(?:o\s*)?alaikum|as-?salamu\s+alaykum|marhaba|ahlan|habari|jambo|sawubona|konnichiwa|ni\s*hao|xin\s+ch[aà]o|halo|selamat\s+(?:pagi|siang|sore|malam)|good\s+(?:morning|afternoon|evening|day))`;

/** Sign-offs before a name at the end of a message ("Thanks, Jo", "Best regards,\nKlaus Weber"). */
export const SIGN_OFF_PATTERN = String.raw`(?:thanks(?:\s+(?:a\s+lot|so\s+much|again|in\s+advance))?|thank\s+you(?:\s+(?:so\s+much|very\s+much|in\s+advance))?|many\s+thanks|thx|tks|ty|ta|cheers|regards|best\s+regards|kind\s+regards|warm(?:est)?\s+regards|best\s+wishes|all\s+the\s+best|best|sincerely|yours\s+(?:sincerely|truly|faithfully)|yours|respectfully|br|brgds|rgds|regds|thanks\s+and\s+regards|thanks\s+&\s+regards|talk\s+soon|speak\s+soon|take\s+care|merci(?:\s+beaucoup)?|cordialement|bien\s+(?:à|a)\s+vous|bien\s+cordialement|salutations|gracias|muchas\s+gracias|saludos|un\s+saludo|atentamente|cordiales\s+saludos|obrigad[oa]|abra[çc]os|atenciosamente|grazie(?:\s+mille)?|cordiali\s+saluti|saluti|distinti\s+saluti|danke(?:\s+sch[öo]n)?|mit\s+freundlichen\s+gr[üu](?:ß|ss)en|viele\s+gr[üu](?:ß|ss)e|beste\s+gr[üu](?:ß|ss)e|lg|mfg|vg|groeten|met\s+vriendelijke\s+groet(?:en)?|bedankt|dank\s+je(?:\s+wel)?|pozdrawiam|dzi[eę]kuj[eę]|z\s+powa[żz]aniem|teşekkürler|tesekkurler|sayg[ıi]lar[ıi]mla|terima\s+kasih|salam|wassalam|shukran|asante|tack|med\s+v[äa]nliga\s+h[äa]lsningar|mvh|hilsen|med\s+venlig\s+hilsen|ystävällisin\s+terveisin|спасибо|с\s+уважением|atte?\.?|cumprimentos|com\s+os\s+melhores\s+cumprimentos|melhores\s+cumprimentos|s\s+pozdravem|srde[čc]n[ěe]|[üu]dv[öo]zlettel|pozdrav|lp|a\s+presto|groetjes|h[äa]lsningar|vh|venlig\s+hilsen|mit\s+besten\s+gr[üu](?:ß|ss)en|liebe\s+gr[üu](?:ß|ss)e|gr[üu](?:ß|ss)e|gru(?:ß|ss)|ng[āa]\s+mihi|kia\s+ora)`;

/**
 * A message of nothing but greetings, thanks, goodbyes and acknowledgements ("thanks, bye!", "ok cool"):
 * never the answer to a question the assistant asked, though it may follow one.
 */
export const PLEASANTRIES_ONLY = new RegExp(
  String.raw`^(?:[\s,.!:;)(*~-]*(?:${GREETING_PATTERN}|${SIGN_OFF_PATTERN}|bye+|good\s*bye|bye\s+bye|see\s+(?:you|ya)(?:\s+(?:soon|later))?|later|have\s+a\s+(?:good|nice|great)\s+(?:day|one|evening|weekend)|ok+(?:ay)?|okey|k|kk|alright|all\s+right|cool|great|perfect|nice|awesome|got\s+it|noted|sounds\s+good|will\s+do|lol|haha|there|everyone|all|guys|folks|mate|again|:\)|:-\)|\p{Extended_Pictographic}))+[\s,.!:;)(*~-]*$`,
  'iu',
);

/** Answers that are not a value: "no", "none", "skip", "not yet". */
export const NON_ANSWERS =
  /^(?:no+|nope|nah|none|n\/?a|na|nil|nothing|skip|pass|not\s+(?:yet|now|sure|really|applicable)|no\s+(?:thanks|thank\s+you|company|comment|idea)|i\s+(?:don'?t|do\s+not)\s+(?:have|know|want)\b.*|rather\s+not|prefer\s+not.*|later|why\??|what\??|huh\??|idk|dunno|just\s+me|myself|personal|individual|self(?:-|\s)?employed|freelanc(?:e|er|ing)|independent|private(?:\s+person)?|it'?s\s+(?:just\s+)?(?:me|personal|for\s+me)|yes|yeah|yep|ok(?:ay)?|sure|thanks?|thank\s+you|hi|hello|hey)[.!?\s]*$/i;

/** Words that make a phrase a sentence rather than a name ("Cape Code Works, I'm CTO", "one doubt, payment..."). */
export const SENTENCE_WORDS = new Set(
  `i i'm i’m im me my mine we we're our ours you your he his she her they their it it's its is are was were be been
  am have has had do does did will would can could should shall may might must need needs want wants like
  looking please thanks thank not no yes yeah ok okay what which who when where why how if then than that this
  these those there here just also very so too about for with from to into because but or and also
  es est ist é è sono soy sou je ich yo eu io ik jag jeg ne pas nicht kein no nao não non
  hai hain hoon hun ka ki ke ko se mein aur ya toh bhi er naam sorry wrong`
    .split(/\s+/)
    .filter(Boolean),
);
