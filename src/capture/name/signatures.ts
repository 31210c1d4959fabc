/** Names in sign-offs and signatures: "Thanks, Jo", "Best regards,\nKlaus Weber", "- Jo", a name line after a closing line. */
import { NAME_PARTICLES, SIGN_OFF_PATTERN, TITLES } from '../lexicons/words.js';
import { hasAnyWord, isCapitalised, matchesOf, type Candidate } from '../text.js';
import type { NameContext } from '../name.recognizer.js';
import { push } from './push-name.js';
import { LOOKAHEAD, readName } from './read-name.js';

// "Thanks, Jo" / "Best regards,\nKlaus Weber": a sign-off, then the name at the end or before a signature.
const SIGN_OFF = new RegExp(
  `(?:^|[\\n.!?,;]\\s*|\\s)${SIGN_OFF_PATTERN}\\s*[,!.:]*\\s*(?:[-–—]\\s*)?(?:\\n\\s*)?(?=\\p{L})`,
  'giu',
);
// "- Jo" or "— Klaus" closing a message.
const DASH_SIGNATURE =
  /(?:^|\s)[-–—~/]\s*(\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,2})\s*(?:,\s*[^,\n]{2,40}){0,3}[.!]?\s*$/u;

// The first words of the sign-offs, for a quick check before the sign-off regex runs.
const SIGN_OFF_WORDS =
  `thanks thank thx tks ty ta cheers regards best sincerely yours respectfully br brgds rgds regds soon care
  merci cordialement salutations gracias saludos saludo atentamente cordiales obrigado obrigada abraços abracos
  atenciosamente grazie cordiali saluti distinti danke viele beste lg mfg vg groeten groet bedankt dank pozdrawiam
  dziękuję dziekuje powaniem poważaniem teşekkürler tesekkurler saygılarımla terima kasih salam wassalam shukran asante tack
  vänliga vanliga mvh hilsen ystävällisin terveisin спасибо уважением wishes muchas atte att cumprimentos melhores pozdravem
  srdečně srdecne üdvözlettel udvozlettel pozdrav lp presto groetjes hälsningar halsningar vh venlig liebe grüße grüsse grusse
  gruß gruss grüßen grüssen freundlichen besten ngā nga mihi kia ora`.split(/\s+/);

export function findSignatures(masked: string, ctx: NameContext, out: Candidate[]): void {
  // A sign-off closes a message: look only at its end.
  const base = Math.max(0, masked.length - 300);
  const signOffs = hasAnyWord(masked, SIGN_OFF_WORDS) ? matchesOf(masked.slice(base), SIGN_OFF) : [];
  for (const m of signOffs) {
    const at = base + m.index + m[0].length;
    const rest = masked.slice(at, at + LOOKAHEAD);
    const name = readName(rest, 'strict');
    if (!name) continue;
    // The name must close the message or open a signature ("Jo\nAcme", "Jo | CTO", "Jo (jo@x.com)").
    const after = rest.slice(
      rest.toLowerCase().indexOf((name.split(' ').pop() ?? '').toLowerCase()) + (name.split(' ').pop() ?? '').length,
    );
    if (/^\s*(?:$|\n|[,|(<]|[-–—]\s|[.!]\s*$)/.test(after)) push(out, name, at, ctx, true, masked);
  }
  const dash = DASH_SIGNATURE.exec(masked);
  if (dash?.[1] && dash[1].split(/\s+/).every(isCapitalised))
    push(out, readName(dash[1], 'strict'), dash.index + dash[0].indexOf(dash[1]), ctx, true, masked);
}

/**
 * A signature whose sign-off we do not know ("Com os melhores cumprimentos,\nAna Rita Carvalho\nDiretora
 * Comercial"): a line that is only a name, after a short closing line and before role, company or contact
 * lines.
 */
export function findSignatureName(masked: string, ctx: NameContext, out: Candidate[]): void {
  const lines = masked.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (i === 0 || !trimmed || trimmed.split(/\s+/).length > 5) continue;
    const previous =
      lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim())
        ?.trim() ?? '';
    const next = lines
      .slice(i + 1)
      .find((l) => l.trim())
      ?.trim();
    const closing =
      previous.split(/\s+/).length <= 6 &&
      !/[?]$/.test(previous) &&
      (/,$/.test(previous) || !/[.!]$/.test(previous) || /^(?:thanks|thank you|cheers|regards)\b/i.test(previous));
    if (!closing || next === undefined) continue;
    const name = readName(trimmed, 'strict');
    const words = trimmed.replace(TITLES, '').split(/\s+/);
    if (
      !name ||
      name.split(' ').length !== words.length ||
      words.length < 2 ||
      !words.every((w) => isCapitalised(w) || NAME_PARTICLES.has(w.toLowerCase()))
    )
      continue;
    push(
      out,
      name,
      start + line.indexOf(trimmed) + (trimmed.length - trimmed.replace(TITLES, '').length),
      ctx,
      true,
      masked,
    );
  }
}
