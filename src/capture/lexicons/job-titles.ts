/**
 * Job titles and roles: "CTO of Y", "Head of Ops at Y", "marketing manager with Y" introduce a company;
 * "I'm a freelance designer" is a role, not a name.
 */
const ROLE_WORDS = `
  ceo cto cfo coo cmo cio cso cpo cro ciso vp svp evp md gm dg hr it pa
  founder cofounder co-founder owner co-owner proprietor partner president chairman chairwoman chair principal
  director manager head lead leader chief officer executive administrator admin coordinator supervisor
  engineer developer dev programmer designer architect analyst consultant advisor adviser specialist
  accountant controller buyer purchaser procurement marketer strategist recruiter associate assistant
  secretary intern trainee representative rep agent editor producer writer photographer teacher professor
  lecturer researcher scientist doctor physician dentist nurse pharmacist lawyer attorney solicitor counsel
  officer planner organiser organizer coach trainer therapist owner-operator operator technician
  treasurer secretary-general gm md ceo devops sre qa tester ux ui pm po cpo scrum
  directeur directrice director directora diretor diretora direktor direktorin dyrektor ředitel ředitelka igazgató
  gérant gérante fondateur fondatrice propriétaire responsable chef cheffe patron patronne
  gerente jefe jefa dueño dueña dono dona fundador fundadora socio socia sócio sócia encargado encargada
  titolare fondatore fondatrice responsabile amministratore
  inhaber inhaberin gründer gründerin geschäftsführer geschäftsführerin leiter leiterin vorstand prokurist
  eigenaar oprichter zaakvoerder directeur-generaal bedrijfsleider
  właściciel prezes kierownik założyciel jednatel majitel tulajdonos ügyvezető vezető
  ägare grundare vd daglig leder eier indehaver direktør toimitusjohtaja omistaja perustaja
  sahibi müdür kurucu pemilik direktur pendiri mkurugenzi mmiliki
  contador contadora administrador administradora secretaria asistente ingeniero ingeniera abogado abogada arquitecto
  arquitecta comptable secrétaire assistante ingénieur avocat avocate contabilista advogado advogada directora diretor
  gestor gestora coordinadora coordenadora vendedor vendedora propietario propietaria
  `;

const ROLES = new Set(ROLE_WORDS.split(/\s+/).filter(Boolean));

/** Words that qualify a role ("senior", "marketing") and may stand before it. */
const ROLE_QUALIFIERS = new Set(
  `senior junior jr sr lead principal chief head associate assistant deputy regional global general managing
  executive technical creative product project program programme marketing sales operations ops it hr
  finance financial business digital brand content social media growth engineering software web mobile
  frontend backend full-stack fullstack data customer account office procurement purchasing communications
  design art legal founding co founding freelance freelancing independent solo lead`
    .split(/\s+/)
    .filter(Boolean),
);

// Endings of compound roles in German, Dutch, the Nordic languages...: "Projektleiter", "Marketingleitung",
// "Salesmanager", "Teamlead".
const ROLE_ENDINGS = `leiter leiterin leitung manager managerin direktor direktorin führer führerin lead beheerder
  verantwortlicher ansvarlig ansvarig leder ledare direktør direktör päällikkö johtaja vezető igazgató manažer
  menedżer kierownik dyrektor ředitel ředitelka chef`
  .split(/\s+/)
  .filter(Boolean);

// Shorter words end with none of the endings (most words of a message): their endings are not tried.
const SHORTEST_ENDING = Math.min(...ROLE_ENDINGS.map((ending) => ending.length));

/** True when the lower-cased word is a role noun ("manager", "cto", "founder"). */
export function isRoleWord(lower: string): boolean {
  // It runs on every word of most messages: string tests, not expressions.
  const word = lower.endsWith('.') || lower.endsWith(',') ? lower.slice(0, -1) : lower;
  return ROLES.has(word) || (word.length >= SHORTEST_ENDING && ROLE_ENDINGS.some((ending) => word.endsWith(ending)));
}

/** True when every word is a role noun or qualifier and at least one is a role noun ("Senior Product Manager"). */
export function isRolePhrase(phrase: string): boolean {
  const words = phrase
    .toLowerCase()
    .replace(/&/g, ' ')
    .split(/[\s/]+/)
    .filter(Boolean);
  // "Head of E-Commerce", "Jefa de Marketing", "Kierownik ds. Marketingu": a role word leads or ends it.
  if (words.length === 0 || words.length > 6) return false;
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  return isRoleWord(first) || isRoleWord(last) || (ROLE_QUALIFIERS.has(first) && words.some(isRoleWord));
}

/** A role phrase in a regex, for lead-ins like "<role> at|of|with <company>". */
export const ROLE_PATTERN = `(?:(?:${[...ROLE_QUALIFIERS].map((w) => w).join('|')})\\s+){0,3}(?:${[...ROLES]
  .map((w) => w)
  .join('|')})(?:\\s+of\\s+[\\p{L}&]+(?:\\s+(?:and|&)\\s+[\\p{L}]+)?)?`;

/** After a role and a comma ("Manager, Overseas Sales"), a department: a short phrase ending in one. */
export function endsWithDepartment(phrase: string): boolean {
  const words = phrase
    .toLowerCase()
    .split(/[\s/&]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  return words.length <= 3 && (DEPARTMENTS.has(last) || ROLE_QUALIFIERS.has(last));
}

/** A department or field, not an organisation: "Global Marketing", "Operations", "Sales & Marketing". */
export function isDepartment(phrase: string): boolean {
  const words = phrase
    .toLowerCase()
    .replace(/&/g, ' ')
    .split(/[\s/]+/)
    .filter((w) => w && w !== 'and' && w !== 'of');
  return words.length > 0 && words.length <= 3 && words.every((w) => ROLE_QUALIFIERS.has(w) || DEPARTMENTS.has(w));
}

const DEPARTMENTS = new Set(
  `operations operaciones operações opérations marketing sales ventas vendas vertrieb verkauf it ti hr rh
  finance finanzas finanças accounting accounts purchasing procurement compras logistics logística support
  development research engineering e-commerce ecommerce communications comunicación administration admin`.split(/\s+/),
);
