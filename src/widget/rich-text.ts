/**
 * Replies as a small, safe subset of what LLMs write: bold, links and bullets. Nothing is parsed as
 * HTML; text becomes text nodes and links are built as elements, so a reply cannot inject markup.
 */
import { makeElement } from './widget-dom.js';

// [text](url) | **bold** | bare URL | a Meet link written without its scheme
const RICH_RE =
  /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s)]+)\)|\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"'`]+|\bmeet\.google\.com\/[a-z0-9-]+)/gi;

/** Renders a reply into `target` as text nodes, <strong> and <a>, replacing what was there. */
export function renderRich(target: HTMLElement, raw: string): void {
  const text = raw.replace(/^([ \t]*)[*-][ \t]+/gm, '$1• ');
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(RICH_RE)) {
    const at = m.index ?? 0;
    let whole = m[0];
    let tail = '';
    let node: Node | null;
    if (m[1] !== undefined && m[2] !== undefined) {
      const href = sanitizeUrl(m[2]);
      node = href ? makeLink(href, m[1]) : null;
    } else if (m[3] !== undefined) {
      node = makeElement('strong');
      node.textContent = m[3];
    } else {
      // Sentence punctuation after a bare URL is not part of it.
      const trimmed = whole.replace(/[.,;:!?)\]'"]+$/, '');
      tail = whole.slice(trimmed.length);
      whole = trimmed;
      const href = sanitizeUrl(/^https?:/i.test(whole) ? whole : `https://${whole}`);
      node = href ? makeLink(href, whole) : null;
    }
    if (!node) continue;
    out.push(document.createTextNode(text.slice(last, at)), node);
    if (tail) out.push(document.createTextNode(tail));
    last = at + m[0].length;
  }
  out.push(document.createTextNode(text.slice(last)));
  target.replaceChildren(...out);
}

/** Only http(s) URLs become links; anything else (javascript:, data:) stays plain text. */
function sanitizeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Links open in a new tab, with no window.opener and no referrer handed to the other site. */
function makeLink(href: string, text: string): HTMLAnchorElement {
  const a = makeElement('a', { href, target: '_blank', rel: 'noopener noreferrer' });
  a.textContent = text;
  return a;
}
