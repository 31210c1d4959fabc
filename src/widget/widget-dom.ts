/** Element and icon builders: the widget has no framework, and these keep the DOM code short. */

const SVG_NS = 'http://www.w3.org/2000/svg';

export const ICONS = {
  chat: 'M21 11.5a8.4 8.4 0 0 1-9 8.4 9 9 0 0 1-3.9-.9L3 20.5l1.4-4.4A8 8 0 0 1 3 11.5C3 6.8 7 3 12 3s9 3.8 9 8.5z',
  close: 'M18 6 6 18M6 6l12 12',
  send: 'M22 2 11 13M22 2l-7 20-4-9-9-4 20-7z',
  restart: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5',
  contact: 'M20 21a8 8 0 0 0-16 0M12 13a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
};

/** Attributes are set as attributes and string children become text nodes: never parsed as HTML. */
export function makeElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** An inline SVG icon, hidden from screen readers: the button around it carries the label. */
export function makeIcon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/** A round button of the panel's header; the label doubles as its tooltip. */
export function makeIconButton(d: string, label: string): HTMLButtonElement {
  return makeElement('button', { type: 'button', class: 'icon', 'aria-label': label, title: label }, makeIcon(d));
}
