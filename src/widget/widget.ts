/**
 * The embeddable chat widget: one script tag on the business's site, options in `data-` attributes.
 * Runs in visitors' browsers (bundled and minified by esbuild at server start, see widget.bundle.ts).
 * Everything lives in a Shadow DOM so the host page's CSS cannot reach it and ours cannot leak out.
 * Text from the server is only ever set with textContent; links are built as elements.
 *
 * This file finds the script tag and puts the parts together. There is one widget per page (the flag
 * below), so each part keeps its elements in its own module, set once by its create function here.
 */
import { createComposer } from './composer.js';
import { createContactButton, createContactForm, focusView } from './contact-form.js';
import { isBusy, sendText, startConversation } from './conversation.js';
import { createLog, scrollToEnd, showConversation } from './message-log.js';
import { createPanel } from './panel.js';
import { readOptions } from './widget-options.js';
import { openState } from './widget-state.js';
import { applyAccent, attachStyles } from './widget-styles.js';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Async scripts may run without currentScript (e.g. when injected by a tag manager).
  const all = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return all[all.length - 1] ?? null;
}

function mountWidget(script: HTMLScriptElement | null): void {
  const globalFlag = window as unknown as Record<string, unknown>;
  if (globalFlag.__leadChatWidget) return; // the tag pasted twice: one widget
  globalFlag.__leadChatWidget = true;

  const options = readOptions(script);
  const { server } = options;
  // Per chat server: a client_id of one server means nothing to another.
  openState(`leadchat:${server.href}`);

  const host = document.createElement('lead-chat-widget');
  const shadow = host.attachShadow({ mode: 'open' });
  attachStyles(shadow);

  const log = createLog(options.title, options.greeting);
  const composer = createComposer(sendText, isBusy);
  const form = createContactForm(server, [log, composer]);
  const root = createPanel(
    shadow,
    options,
    [createContactButton(), startConversation(server)],
    [log, form, composer],
    () => {
      scrollToEnd();
      focusView();
    },
  );
  (document.body ?? document.documentElement).append(host);
  applyAccent(root, options.accent); // after the append: the accent's contrast is read from computed style
  showConversation();
}

// currentScript is only set while this file first runs: read it now, mount once there is a body.
const ownScript = findScript();
if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => mountWidget(ownScript), { once: true });
else mountWidget(ownScript);
