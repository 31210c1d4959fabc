/**
 * The launcher button and the chat panel it opens: a modal dialog with a header, opened and closed
 * from the launcher, the header's close button, Escape, or any `data-chat-open` element of the page.
 * While open, Tab cycles inside it.
 */
import { ICONS, makeElement, makeIcon, makeIconButton } from './widget-dom.js';
import type { WidgetOptions } from './widget-options.js';

/**
 * Builds the widget's root (launcher and panel) inside `shadow` and returns it. `buttons` go in the
 * header before the close button, `views` under the header in order; `onOpen` runs after opening
 * (scroll, and move focus into the panel).
 */
export function createPanel(
  shadow: ShadowRoot,
  { title, subtitle, side }: Pick<WidgetOptions, 'title' | 'subtitle' | 'side'>,
  buttons: HTMLElement[],
  views: HTMLElement[],
  onOpen: () => void,
): HTMLDivElement {
  const root = makeElement('div', { class: `root ${side}` });
  const launcher = makeElement(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'aria-label': `Open chat: ${title}`,
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': 'lcw-panel',
    },
    makeIcon(ICONS.chat),
  );
  const closeButton = makeIconButton(ICONS.close, 'Close chat');
  const head = makeElement(
    'div',
    { class: 'head' },
    // The avatar is the title's first letter or digit, skipping emoji and punctuation.
    makeElement('div', { class: 'avatar', 'aria-hidden': 'true' }, (title.match(/\p{L}|\p{N}/u) ?? ['?'])[0] ?? '?'),
    makeElement(
      'div',
      { class: 'titles' },
      makeElement('h2', { class: 'title', id: 'lcw-title' }, title),
      makeElement('p', { class: 'sub' }, subtitle),
    ),
    ...buttons,
    closeButton,
  );
  const panel = makeElement(
    'div',
    { class: 'panel', id: 'lcw-panel', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
    head,
    ...views,
  );
  panel.hidden = true;
  root.append(launcher, panel);
  shadow.append(root);

  const isOpen = () => !panel.hidden;
  // The launcher turns into a close button while the panel is open.
  const showLauncherAs = (open: boolean) => {
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', `${open ? 'Close' : 'Open'} chat: ${title}`);
    launcher.replaceChildren(makeIcon(open ? ICONS.close : ICONS.chat));
  };
  const openPanel = () => {
    if (isOpen()) return;
    panel.hidden = false;
    root.classList.add('open');
    showLauncherAs(true);
    onOpen();
  };
  const closePanel = () => {
    if (!isOpen()) return;
    panel.hidden = true;
    root.classList.remove('open');
    showLauncherAs(false);
    launcher.focus();
  };
  launcher.addEventListener('click', () => (isOpen() ? closePanel() : openPanel()));
  // Any element of the host page marked data-chat-open opens the chat (a "Chat with us" button).
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-chat-open]') : null;
    if (!target) return;
    e.preventDefault();
    openPanel();
  });
  closeButton.addEventListener('click', closePanel);

  // Only what can take focus now: hidden views and disabled buttons are skipped.
  const focusables = () =>
    Array.from(panel.querySelectorAll<HTMLElement>('button,textarea,input,a[href],[tabindex="0"]')).filter(
      (n) => !n.hasAttribute('disabled') && n.getClientRects().length > 0,
    );
  root.addEventListener('keydown', (e) => {
    if (!isOpen()) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      closePanel();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = focusables();
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = shadow.activeElement;
    const inside = active instanceof Node && panel.contains(active);
    if (e.shiftKey && (active === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  });
  return root;
}
