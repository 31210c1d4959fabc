/**
 * The turns of the conversation: sending a message and showing the reply as it streams in, Retry
 * after a failure, Start over, and following another tab that moved the same conversation on.
 * One request at a time: while one is out, sending and starting over wait.
 */
import { explainError, resetConversation, sendMessage } from './chat-client.js';
import { focusComposer, restoreDraft, setSendBusy } from './composer.js';
import { showChat } from './contact-form.js';
import {
  addBubble,
  addNote,
  clearNotes,
  scrollToEnd,
  setLogBusy,
  showConversation,
  showTyping,
} from './message-log.js';
import { renderRich } from './rich-text.js';
import { ICONS, makeIconButton } from './widget-dom.js';
import { followOtherTabs, saveState, state, type StoredMessage } from './widget-state.js';

// One widget per page: startConversation sets the server once, before any event.
let server: URL;
let busy = false;

/** Starts following other tabs and returns the header's Start over button. */
export function startConversation(chatServer: URL): HTMLButtonElement {
  server = chatServer;
  followOtherTabs(() => !busy, showConversation);
  const restart = makeIconButton(ICONS.restart, 'Start over');
  restart.addEventListener('click', () => void startOver());
  return restart;
}

export function isBusy(): boolean {
  return busy;
}

/** Sends what the visitor typed. */
export function sendText(text: string): void {
  void sendTurn(text, false);
}

function setBusy(value: boolean): void {
  busy = value;
  setLogBusy(value);
  setSendBusy(value);
}

/** A retry sends the same text again without showing or storing it a second time. */
async function sendTurn(text: string, isRetry: boolean): Promise<void> {
  if (busy) return;
  clearNotes();
  const sent: StoredMessage = { role: 'user', text };
  const sentBubble = isRetry ? null : addBubble('user', text);
  if (!isRetry) {
    state.messages.push(sent);
    saveState();
  }
  setBusy(true);
  const typing = showTyping();
  let bubble: HTMLElement | null = null;
  try {
    const reply = await sendMessage(server, state.clientId, text, (soFar) => {
      // The first piece replaces the typing dots with the reply's own bubble.
      if (!bubble) {
        typing.remove();
        bubble = addBubble('assistant', '');
      }
      renderRich(bubble, soFar);
      scrollToEnd();
    });
    if (reply.clientId) state.clientId = reply.clientId;
    if (!bubble) bubble = addBubble('assistant', reply.text);
    else renderRich(bubble, reply.text);
    state.messages.push({ role: 'assistant', text: reply.text });
    saveState();
  } catch (err) {
    const failure = explainError(err);
    // A half-streamed reply is taken away: the retry streams it again from the start.
    bubble?.parentElement?.remove();
    typing.remove();
    const about = failure.errors.find((e) => e.field === 'content');
    addNote(
      about ? `Your message ${about.message}.` : failure.message,
      failure.retry ? { label: 'Retry', run: () => void sendTurn(text, true) } : undefined,
    );
    if (!failure.retry && sentBubble) {
      // Refused as it is (e.g. too long): take it back out and let them edit it.
      sentBubble.parentElement?.remove();
      state.messages = state.messages.filter((m) => m !== sent);
      saveState();
      restoreDraft(text);
    }
  } finally {
    typing.remove();
    setBusy(false);
    scrollToEnd();
  }
}

/** Start over: the server forgets the conversation; the client_id and the saved contact details stay. */
async function startOver(): Promise<void> {
  if (busy) return;
  clearNotes();
  setBusy(true);
  try {
    await resetConversation(server, state.clientId);
    state.messages = [];
    saveState();
    showConversation();
    showChat();
    focusComposer();
  } catch (err) {
    const failure = explainError(err);
    showChat();
    addNote(failure.message, { label: 'Retry', run: () => void startOver() });
  } finally {
    setBusy(false);
  }
}
