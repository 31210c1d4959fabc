/**
 * The conversation as the visitor sees it: bubbles, the typing dots and notes (errors with a Retry,
 * confirmations). It is an aria-live log, so screen readers read new messages as they come.
 */
import { renderRich } from './rich-text.js';
import { makeElement } from './widget-dom.js';
import { state, type Role } from './widget-state.js';

export interface NoteAction {
  label: string;
  run: () => void;
}

// One widget per page: createLog sets these once, before anything else here is called.
let log: HTMLDivElement;
let assistantName = '';
let greeting = '';

/** `title` names the assistant for screen readers ("<title> said:"); an empty `greetingText` shows none. */
export function createLog(title: string, greetingText: string): HTMLDivElement {
  assistantName = title;
  greeting = greetingText;
  log = makeElement('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Conversation',
    tabindex: '0',
  });
  return log;
}

export function scrollToEnd(): void {
  log.scrollTop = log.scrollHeight;
}

/** Adds a message and returns its bubble, for a reply that is still streaming in. */
export function addBubble(role: Role, text: string): HTMLElement {
  const bubble = makeElement('div', { class: 'bubble' });
  // Only the assistant's text gets links and bold: the visitor's own is shown exactly as typed.
  if (role === 'assistant') renderRich(bubble, text);
  else bubble.textContent = text;
  log.append(
    makeElement(
      'div',
      { class: `msg ${role}` },
      makeElement('span', { class: 'sr' }, role === 'user' ? 'You said: ' : `${assistantName} said: `),
      bubble,
    ),
  );
  scrollToEnd();
  return bubble;
}

/** Shows the greeting and the stored messages, in place of what was there. */
export function showConversation(): void {
  log.replaceChildren();
  if (greeting) addBubble('assistant', greeting);
  for (const m of state.messages) addBubble(m.role, m.text);
}

/** Adds the typing dots; the caller removes them. */
export function showTyping(): HTMLElement {
  const typing = makeElement(
    'div',
    { class: 'msg assistant typing' },
    makeElement(
      'div',
      { class: 'bubble' },
      makeElement('span', { class: 'dot' }),
      makeElement('span', { class: 'dot' }),
      makeElement('span', { class: 'dot' }),
      makeElement('span', { class: 'sr' }, 'Typing…'),
    ),
  );
  log.append(typing);
  scrollToEnd();
  return typing;
}

/** Adds a note; with an action, its button removes the note and runs it. `ok` for good news. */
export function addNote(text: string, action?: NoteAction, ok = false): void {
  const note = makeElement('div', { class: ok ? 'note ok' : 'note' }, makeElement('p', {}, text));
  if (action) {
    const button = makeElement('button', { type: 'button', class: 'btn' }, action.label);
    button.addEventListener('click', () => {
      note.remove();
      action.run();
    });
    note.append(button);
  }
  log.append(note);
  scrollToEnd();
}

export function clearNotes(): void {
  log.querySelectorAll('.note').forEach((n) => n.remove());
}

export function setLogBusy(value: boolean): void {
  // aria-busy lets screen readers announce the finished reply once, not every streamed piece.
  log.setAttribute('aria-busy', String(value));
}
