/** Where the visitor types: a textarea that grows with its text, Enter to send, Shift+Enter for a new line. */
import { ICONS, makeElement, makeIcon } from './widget-dom.js';

const MAX_HEIGHT = 132; // px, as in the stylesheet's max-height: past it the textarea scrolls

// One widget per page: createComposer sets these once, before anything else here is called.
let input: HTMLTextAreaElement;
let sendButton: HTMLButtonElement;

/** `send` gets the trimmed text; while `isBusy` the text stays in the box, so nothing typed is lost. */
export function createComposer(send: (text: string) => void, isBusy: () => boolean): HTMLFormElement {
  input = makeElement('textarea', {
    id: 'lcw-input',
    rows: '1',
    placeholder: 'Type your message…',
    autocomplete: 'off',
    enterkeyhint: 'send',
    'aria-describedby': 'lcw-hint',
  });
  sendButton = makeElement(
    'button',
    { type: 'submit', class: 'send', 'aria-label': 'Send message' },
    makeIcon(ICONS.send),
  );
  const composer = makeElement(
    'form',
    { class: 'composer', 'aria-label': 'Send a message' },
    makeElement('label', { class: 'sr', for: 'lcw-input' }, 'Your message'),
    makeElement('span', { class: 'sr', id: 'lcw-hint' }, 'Enter sends, Shift+Enter adds a new line.'),
    input,
    sendButton,
  );

  const fitInput = () => {
    // Reset first so the textarea can also shrink when text is deleted.
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, MAX_HEIGHT)}px`;
  };
  const submitText = () => {
    const text = input.value.trim();
    if (!text || isBusy()) return;
    input.value = '';
    fitInput();
    send(text);
  };
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    submitText();
  });
  input.addEventListener('input', fitInput);
  input.addEventListener('keydown', (e) => {
    // isComposing: Enter that confirms an IME candidate (Japanese, Chinese…) is not a send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submitText();
    }
  });
  return composer;
}

export function focusComposer(): void {
  input.focus();
}

/** Gives back text the server refused, to edit, unless the visitor has started typing something else. */
export function restoreDraft(text: string): void {
  if (!input.value) input.value = text;
}

/** While a reply is on its way the send button looks disabled (it stays focusable). */
export function setSendBusy(value: boolean): void {
  sendButton.setAttribute('aria-disabled', String(value));
}
