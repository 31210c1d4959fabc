/**
 * The embeddable chat widget: one script tag on the business's site, options in `data-` attributes.
 * Runs in visitors' browsers (bundled and minified by esbuild at server start, see widget.bundle.ts).
 * Everything lives in a Shadow DOM so the host page's CSS cannot reach it and ours cannot leak out.
 * Text from the server is only ever set with textContent; links are built as elements.
 */

type Role = 'user' | 'assistant';

interface StoredMessage {
  role: Role;
  text: string;
}

interface Contact {
  name: string;
  email: string;
  phone: string;
}

interface StoredState {
  clientId: string;
  messages: StoredMessage[];
  contact: Contact;
}

interface FieldError {
  field: string;
  message: string;
}

type FailureKind = 'offline' | 'network' | 'timeout' | 'rate' | 'unavailable' | 'server' | 'invalid';

/** A failed request, worded for the visitor. `retry` is false when sending it again cannot help. */
class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retry = true,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const TIMEOUT_MS = 45_000; // no byte for this long: give up and offer a retry
const MAX_STORED = 60;
const SVG_NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  chat: 'M21 11.5a8.4 8.4 0 0 1-9 8.4 9 9 0 0 1-3.9-.9L3 20.5l1.4-4.4A8 8 0 0 1 3 11.5C3 6.8 7 3 12 3s9 3.8 9 8.5z',
  close: 'M18 6 6 18M6 6l12 12',
  send: 'M22 2 11 13M22 2l-7 20-4-9-9-4 20-7z',
  restart: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5',
  contact: 'M20 21a8 8 0 0 0-16 0M12 13a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  back: 'M15 18l-6-6 6-6',
};

const STYLES = `
:host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;visibility:visible!important;opacity:1!important;transform:none!important;filter:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{--bg:#fff;--fg:#1f2430;--muted:#5f6777;--line:#e3e6ec;--soft:#f5f6f9;--bot:#fff;--warn-bg:#fff7e6;--warn-line:#f3d19c;--err:#b42318;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);-webkit-font-smoothing:antialiased;text-align:left;letter-spacing:normal;text-transform:none}
@media (prefers-color-scheme:dark){.root{--bg:#171b24;--fg:#e8eaf0;--muted:#a3aab8;--line:#2e3442;--soft:#11141b;--bot:#222836;--warn-bg:#3a2f17;--warn-line:#6b5422;--err:#ff8a80}}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;border:0;background:none;padding:0}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;display:block;flex:none}
[hidden]{display:none!important}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
textarea:focus-visible,input:focus-visible{outline:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;bottom:20px;z-index:2147483646;width:60px;height:60px;border-radius:50%;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(16,24,40,.24),0 2px 6px rgba(16,24,40,.16);transition:transform .18s ease,box-shadow .18s ease}
.launcher svg{width:28px;height:28px}
.launcher:hover{transform:scale(1.06);box-shadow:0 10px 28px rgba(16,24,40,.28)}
.launcher:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.right .launcher,.right .panel{right:20px}.left .launcher,.left .panel{left:20px}
.panel{position:fixed;bottom:92px;z-index:2147483647;width:380px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(16,24,40,.22),0 4px 12px rgba(16,24,40,.12);border:1px solid var(--line);animation:rise .2s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(12px) scale(.98)}}
.head{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--accent);color:var(--on-accent)}
.avatar{width:36px;height:36px;border-radius:50%;background:rgba(255,255,255,.22);display:flex;align-items:center;justify-content:center;font-weight:700;font-size:16px;flex:none}
.titles{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:650;line-height:1.25;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:2px 0 0;font-size:12.5px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;display:flex;align-items:center;gap:6px}
.sub::before{content:"";width:8px;height:8px;border-radius:50%;background:#22c55e;box-shadow:0 0 0 2px rgba(255,255,255,.35);flex:none}
.icon{width:36px;height:36px;border-radius:10px;display:flex;align-items:center;justify-content:center;color:inherit;flex:none}
.icon svg{width:20px;height:20px}
.icon:hover,.icon[aria-pressed=true]{background:rgba(255,255,255,.18)}
.head :focus-visible{outline-color:var(--on-accent)}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:var(--soft);overscroll-behavior:contain}
.msg{display:flex;max-width:100%}
.msg.user{justify-content:flex-end}
.bubble{max-width:85%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.assistant .bubble{background:var(--bot);border:1px solid var(--line);border-bottom-left-radius:4px}
.user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:4px}
.bubble a{color:inherit;text-decoration:underline;text-underline-offset:2px}
.assistant .bubble a{color:var(--link)}
@media (prefers-color-scheme:dark){.assistant .bubble a{color:#93c5fd;color:color-mix(in srgb,var(--accent) 40%,#fff)}}
.typing .bubble{display:flex;gap:4px;align-items:center;padding:13px 14px}
.dot{width:7px;height:7px;border-radius:50%;background:var(--muted);animation:blink 1.2s infinite ease-in-out}
.dot:nth-child(2){animation-delay:.15s}.dot:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
.note{align-self:center;max-width:92%;background:var(--warn-bg);border:1px solid var(--warn-line);border-radius:12px;padding:10px 12px;font-size:14px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.note.ok{background:var(--bot);border-color:var(--line)}
.note p{margin:0;flex:1;min-width:160px}
.btn{border-radius:10px;padding:8px 14px;font-weight:600;font-size:14px;background:var(--accent);color:var(--on-accent)}
.btn.ghost{background:transparent;color:var(--fg);border:1px solid var(--line)}
.btn:hover{filter:brightness(1.06)}
.composer{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line);background:var(--bg)}
textarea,input{width:100%;border:1px solid var(--line);border-radius:12px;background:var(--bg);padding:10px 12px;outline:none;transition:border-color .15s}
textarea{resize:none;max-height:132px;min-height:44px;line-height:1.4;display:block}
textarea:focus,input:focus{border-color:var(--accent);box-shadow:0 0 0 3px var(--ring)}
::placeholder{color:var(--muted);opacity:1}
.send{width:44px;height:44px;border-radius:12px;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;flex:none}
.send[aria-disabled=true]{opacity:.55;cursor:default}
.send svg{width:20px;height:20px}
.form{flex:1;overflow-y:auto;padding:18px 16px;display:flex;flex-direction:column;gap:12px;background:var(--bg)}
.form h3{margin:0;font-size:17px}
.form .lead{margin:0;color:var(--muted);font-size:14px}
.field{display:flex;flex-direction:column;gap:5px}
.field label{font-size:13.5px;font-weight:600}
.field input[aria-invalid=true]{border-color:var(--err)}
.err{margin:0;color:var(--err);font-size:13px}
.err:empty{display:none}
.row{display:flex;gap:8px;justify-content:flex-end;margin-top:4px}
.foot{margin:0;padding:0 12px 10px;font-size:11.5px;color:var(--muted);text-align:center;background:var(--bg)}
@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;border-radius:0;border:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important}.launcher:hover{transform:none}}
`;

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Async scripts may run without currentScript (e.g. when injected by a tag manager).
  const all = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return all[all.length - 1] ?? null;
}

/** The chat server: data-server, else the folder the script was loaded from, else this page's origin. */
function resolveServer(option: string | undefined, scriptSrc: string | undefined): URL {
  for (const candidate of [option, scriptSrc ? new URL('.', scriptSrc).href : undefined]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, location.href);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      if (!url.pathname.endsWith('/')) url.pathname += '/';
      url.search = '';
      url.hash = '';
      return url;
    } catch {
      // not a URL: try the next candidate
    }
  }
  return new URL('/', location.href);
}

function makeClientId(): string {
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/** Only http(s) URLs become links; anything else (javascript:, data:) stays plain text. */
function safeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a', { href, target: '_blank', rel: 'noopener noreferrer' });
  a.textContent = text;
  return a;
}

// [text](url) | **bold** | bare URL | a Meet link written without its scheme
const RICH_RE =
  /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s)]+)\)|\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"'`]+|\bmeet\.google\.com\/[a-z0-9-]+)/gi;

/** Renders a reply as text nodes, <strong> and <a>: a small safe subset of what LLMs write. */
function renderRich(target: HTMLElement, raw: string): void {
  const text = raw.replace(/^([ \t]*)[*-][ \t]+/gm, '$1• ');
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(RICH_RE)) {
    const at = m.index ?? 0;
    let whole = m[0];
    let tail = '';
    let node: Node | null;
    if (m[1] !== undefined && m[2] !== undefined) {
      const href = safeUrl(m[2]);
      node = href ? link(href, m[1]) : null;
    } else if (m[3] !== undefined) {
      node = el('strong');
      node.textContent = m[3];
    } else {
      // Sentence punctuation after a bare URL is not part of it.
      const trimmed = whole.replace(/[.,;:!?)\]'"]+$/, '');
      tail = whole.slice(trimmed.length);
      whole = trimmed;
      const href = safeUrl(/^https?:/i.test(whole) ? whole : `https://${whole}`);
      node = href ? link(href, whole) : null;
    }
    if (!node) continue;
    out.push(document.createTextNode(text.slice(last, at)), node);
    if (tail) out.push(document.createTextNode(tail));
    last = at + m[0].length;
  }
  out.push(document.createTextNode(text.slice(last)));
  target.replaceChildren(...out);
}

/** Reads `event:`/`data:` blocks from a fetch body as they arrive. */
async function readEvents(
  res: Response,
  onEvent: (event: string, data: unknown) => void,
  onChunk: () => void,
): Promise<void> {
  const dispatch = (block: string) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      return;
    }
    onEvent(event, parsed);
  };
  let buffer = '';
  const feed = (chunk: string) => {
    buffer = (buffer + chunk).replace(/\r\n?/g, '\n');
    for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
      dispatch(buffer.slice(0, i));
      buffer = buffer.slice(i + 2);
    }
  };
  if (!res.body) {
    feed(await res.text());
  } else {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      onChunk();
      feed(decoder.decode(value, { stream: true }));
    }
  }
  feed('\n\n');
}

function describeWait(seconds: number): string {
  if (!(seconds > 0)) return 'in a little while';
  if (seconds < 90) return `in about ${Math.max(1, Math.round(seconds))} seconds`;
  if (seconds < 90 * 60) return `in about ${Math.round(seconds / 60)} minutes`;
  return `in about ${Math.round(seconds / 3600)} hours`;
}

/** Turns a non-2xx answer into a Failure, using the envelope's message and field errors. */
async function failureOf(res: Response): Promise<Failure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): the status alone decides
  }
  const message = isObject(body) ? str(body.message) : '';
  const data = isObject(body) && isObject(body.data) ? body.data : {};
  const errors = Array.isArray(data.errors)
    ? data.errors.filter(isObject).map((e) => ({ field: str(e.field), message: str(e.message) }))
    : [];
  if (res.status === 429) {
    const wait = describeWait(Number(res.headers.get('Retry-After')));
    return new Failure('rate', `You're sending messages faster than we can answer. Please try again ${wait}.`);
  }
  if (res.status >= 500) {
    return new Failure('unavailable', 'Our assistant is briefly unavailable. Please try again in a moment.');
  }
  return new Failure('invalid', message || 'That could not be sent. Please check it and try again.', false, errors);
}

function failureOfError(err: unknown, timedOut: boolean): Failure {
  if (err instanceof Failure) return err;
  if (timedOut) return new Failure('timeout', 'This is taking longer than usual. Please try again.');
  if (!navigator.onLine) return new Failure('offline', 'You seem to be offline. Check your connection and try again.');
  return new Failure('network', "We couldn't reach the chat service. Please try again.");
}

/** The visitor's colour, made readable: dark text on light accents, white on dark ones. */
function contrastOn(probe: HTMLElement, accent: string): string {
  probe.style.color = accent;
  const [r = 0, g = 0, b = 0] = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).map(Number);
  probe.style.color = '';
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.45 ? '#111827' : '#ffffff';
}

function mount(script: HTMLScriptElement | null): void {
  const globalFlag = window as unknown as Record<string, unknown>;
  if (globalFlag.__leadChatWidget) return; // the tag pasted twice: one widget
  globalFlag.__leadChatWidget = true;

  const opts = script?.dataset ?? {};
  const server = resolveServer(opts.server, script?.src);
  const endpoint = (p: string) => new URL(p, server).href;
  const title = (opts.title ?? '').trim() || 'Chat with us';
  const greeting = opts.greeting === undefined ? 'Hi! How can we help you today?' : opts.greeting.trim();
  const subtitle = (opts.subtitle ?? '').trim() || 'Online now';
  const accent = opts.accent && CSS.supports('color', opts.accent) ? opts.accent : '#2563eb';
  const side = opts.position === 'left' ? 'left' : 'right';
  const storageKey = `leadchat:${server.href}`;

  // ---- state, kept in localStorage so a reload or another page continues the conversation
  const loadState = (): StoredState => {
    const fresh: StoredState = { clientId: makeClientId(), messages: [], contact: { name: '', email: '', phone: '' } };
    try {
      const raw: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
      if (!isObject(raw) || !CLIENT_ID_RE.test(str(raw.clientId))) return fresh;
      const messages = Array.isArray(raw.messages)
        ? raw.messages
            .filter(isObject)
            .filter((m) => (m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string')
            .map((m) => ({ role: m.role as Role, text: str(m.text) }))
        : [];
      const c = isObject(raw.contact) ? raw.contact : {};
      return {
        clientId: str(raw.clientId),
        messages,
        contact: { name: str(c.name), email: str(c.email), phone: str(c.phone) },
      };
    } catch {
      return fresh; // storage blocked or corrupt: a conversation for this page view only
    }
  };
  let state = loadState();
  const saveState = () => {
    state.messages = state.messages.slice(-MAX_STORED);
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch {
      // storage full or blocked: keep going in memory
    }
  };
  saveState();

  // ---- DOM
  const host = document.createElement('lead-chat-widget');
  const shadow = host.attachShadow({ mode: 'open' });
  if (
    'adoptedStyleSheets' in shadow &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    // Constructed sheets are not blocked by a host page's strict style-src CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(el('style', {}, STYLES));
  }

  const root = el('div', { class: `root ${side}` });
  const launcher = el(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'aria-label': `Open chat: ${title}`,
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': 'lcw-panel',
    },
    icon(ICONS.chat),
  );

  const iconButton = (d: string, label: string) =>
    el('button', { type: 'button', class: 'icon', 'aria-label': label, title: label }, icon(d));
  const contactButton = iconButton(ICONS.contact, 'Leave your contact details');
  const restartButton = iconButton(ICONS.restart, 'Start over');
  const closeButton = iconButton(ICONS.close, 'Close chat');
  const titleEl = el('h2', { class: 'title', id: 'lcw-title' }, title);
  const head = el(
    'div',
    { class: 'head' },
    el('div', { class: 'avatar', 'aria-hidden': 'true' }, (title.match(/\p{L}|\p{N}/u) ?? ['?'])[0] ?? '?'),
    el('div', { class: 'titles' }, titleEl, el('p', { class: 'sub' }, subtitle)),
    contactButton,
    restartButton,
    closeButton,
  );

  const log = el('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Conversation',
    tabindex: '0',
  });
  const input = el('textarea', {
    id: 'lcw-input',
    rows: '1',
    placeholder: 'Type your message…',
    autocomplete: 'off',
    enterkeyhint: 'send',
    'aria-describedby': 'lcw-hint',
  });
  const sendButton = el('button', { type: 'submit', class: 'send', 'aria-label': 'Send message' }, icon(ICONS.send));
  const composer = el(
    'form',
    { class: 'composer', 'aria-label': 'Send a message' },
    el('label', { class: 'sr', for: 'lcw-input' }, 'Your message'),
    el('span', { class: 'sr', id: 'lcw-hint' }, 'Enter sends, Shift+Enter adds a new line.'),
    input,
    sendButton,
  );

  // The contact form: a second view of the panel.
  const fieldInputs: Record<keyof Contact, HTMLInputElement> = {
    name: el('input', {
      id: 'lcw-name',
      name: 'name',
      type: 'text',
      autocomplete: 'name',
      maxlength: '120',
      'aria-describedby': 'lcw-name-err',
    }),
    email: el('input', {
      id: 'lcw-email',
      name: 'email',
      type: 'email',
      autocomplete: 'email',
      maxlength: '254',
      'aria-describedby': 'lcw-email-err',
    }),
    phone: el('input', {
      id: 'lcw-phone',
      name: 'phone',
      type: 'tel',
      autocomplete: 'tel',
      maxlength: '40',
      'aria-describedby': 'lcw-phone-err',
    }),
  };
  const fieldErrors: Record<keyof Contact, HTMLParagraphElement> = {
    name: el('p', { class: 'err', id: 'lcw-name-err' }),
    email: el('p', { class: 'err', id: 'lcw-email-err' }),
    phone: el('p', { class: 'err', id: 'lcw-phone-err' }),
  };
  const field = (key: keyof Contact, label: string) =>
    el('div', { class: 'field' }, el('label', { for: `lcw-${key}` }, label), fieldInputs[key], fieldErrors[key]);
  const formError = el('p', { class: 'err', role: 'alert' });
  const formSubmit = el('button', { type: 'submit', class: 'btn' }, 'Send details');
  const formBack = el('button', { type: 'button', class: 'btn ghost' }, 'Back to chat');
  const form = el(
    'form',
    { class: 'form', 'aria-labelledby': 'lcw-form-title', novalidate: '' },
    el('h3', { id: 'lcw-form-title' }, 'Leave your details'),
    el('p', { class: 'lead' }, 'Share how to reach you and the team will get back to you.'),
    field('name', 'Name'),
    field('email', 'Email'),
    field('phone', 'Phone'),
    formError,
    el('div', { class: 'row' }, formBack, formSubmit),
  );
  form.hidden = true;

  const panel = el(
    'div',
    { class: 'panel', id: 'lcw-panel', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
    head,
    log,
    form,
    composer,
  );
  panel.hidden = true;
  root.append(launcher, panel);
  shadow.append(root);
  (document.body ?? document.documentElement).append(host);

  root.style.setProperty('--accent', accent);
  const onAccent = contrastOn(root, accent);
  root.style.setProperty('--on-accent', onAccent);
  // Links in assistant bubbles: the accent when it reads on white, else a safe blue.
  root.style.setProperty('--link', onAccent === '#ffffff' ? accent : '#1d4ed8');
  root.style.setProperty('--ring', `color-mix(in srgb, ${accent} 25%, transparent)`);

  // ---- messages
  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };
  const addBubble = (role: Role, text: string): HTMLElement => {
    const bubble = el('div', { class: 'bubble' });
    if (role === 'assistant') renderRich(bubble, text);
    else bubble.textContent = text;
    log.append(
      el(
        'div',
        { class: `msg ${role}` },
        el('span', { class: 'sr' }, role === 'user' ? 'You said: ' : `${title} said: `),
        bubble,
      ),
    );
    scrollDown();
    return bubble;
  };
  const renderAll = () => {
    log.replaceChildren();
    if (greeting) addBubble('assistant', greeting);
    for (const m of state.messages) addBubble(m.role, m.text);
  };
  const clearNotes = () => log.querySelectorAll('.note').forEach((n) => n.remove());
  const addNote = (text: string, action?: { label: string; run: () => void }, ok = false) => {
    const note = el('div', { class: ok ? 'note ok' : 'note' }, el('p', {}, text));
    if (action) {
      const button = el('button', { type: 'button', class: 'btn' }, action.label);
      button.addEventListener('click', () => {
        note.remove();
        action.run();
      });
      note.append(button);
    }
    log.append(note);
    scrollDown();
    return note;
  };
  renderAll();

  // ---- open / close, focus kept inside while open
  const isOpen = () => !panel.hidden;
  const open = () => {
    if (isOpen()) return;
    panel.hidden = false;
    root.classList.add('open');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', `Close chat: ${title}`);
    launcher.replaceChildren(icon(ICONS.close));
    scrollDown();
    (form.hidden ? input : fieldInputs.name).focus();
  };
  const close = () => {
    if (!isOpen()) return;
    panel.hidden = true;
    root.classList.remove('open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', `Open chat: ${title}`);
    launcher.replaceChildren(icon(ICONS.chat));
    launcher.focus();
  };
  launcher.addEventListener('click', () => (isOpen() ? close() : open()));
  // Any element of the host page marked data-chat-open opens the chat (a "Chat with us" button).
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-chat-open]') : null;
    if (!target) return;
    e.preventDefault();
    open();
  });
  closeButton.addEventListener('click', close);
  const focusables = () =>
    Array.from(panel.querySelectorAll<HTMLElement>('button,textarea,input,a[href],[tabindex="0"]')).filter(
      (n) => !n.hasAttribute('disabled') && n.getClientRects().length > 0,
    );
  root.addEventListener('keydown', (e) => {
    if (!isOpen()) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
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

  // ---- sending, with the reply streamed in
  let busy = false;
  const setBusy = (value: boolean) => {
    busy = value;
    // aria-busy lets screen readers announce the finished reply once, not every streamed piece.
    log.setAttribute('aria-busy', String(value));
    sendButton.setAttribute('aria-disabled', String(value));
  };

  const sendMessage = async (text: string, isRetry: boolean): Promise<void> => {
    if (busy) return;
    clearNotes();
    const sent: StoredMessage = { role: 'user', text };
    const sentBubble = isRetry ? null : addBubble('user', text);
    if (!isRetry) {
      state.messages.push(sent);
      saveState();
    }
    setBusy(true);
    const typing = el(
      'div',
      { class: 'msg assistant typing' },
      el(
        'div',
        { class: 'bubble' },
        el('span', { class: 'dot' }),
        el('span', { class: 'dot' }),
        el('span', { class: 'dot' }),
        el('span', { class: 'sr' }, 'Typing…'),
      ),
    );
    log.append(typing);
    scrollDown();
    let bubble: HTMLElement | null = null;
    const controller = new AbortController();
    let timedOut = false;
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, TIMEOUT_MS);
    };
    arm();
    try {
      if (!navigator.onLine)
        throw new Failure('offline', 'You seem to be offline. Check your connection and try again.');
      const res = await fetch(endpoint('gemini/train'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ client_id: state.clientId, content: text }),
        signal: controller.signal,
        credentials: 'omit',
      });
      if (!res.ok) throw await failureOf(res);
      let reply = '';
      let done: Record<string, unknown> | null = null;
      if ((res.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
        await readEvents(
          res,
          (event, data) => {
            if (!isObject(data)) return;
            if (event === 'delta') {
              reply += str(data.text);
              if (!bubble) {
                typing.remove();
                bubble = addBubble('assistant', '');
              }
              renderRich(bubble, reply);
              scrollDown();
            } else if (event === 'done') {
              done = data;
            } else if (event === 'error') {
              throw new Failure('server', str(data.message) || 'Something went wrong. Please try again.');
            }
          },
          arm,
        );
      } else {
        const body: unknown = await res.json(); // a proxy that dropped the Accept header: plain JSON
        done = isObject(body) && isObject(body.data) ? body.data : null;
      }
      const final: Record<string, unknown> | null = done;
      if (!final) throw new Failure('network', 'The reply was cut off. Please try again.');
      const finalText = str(final.reply) || reply;
      if (CLIENT_ID_RE.test(str(final.client_id))) state.clientId = str(final.client_id);
      if (!bubble) bubble = addBubble('assistant', finalText);
      else renderRich(bubble, finalText);
      state.messages.push({ role: 'assistant', text: finalText });
      saveState();
    } catch (err) {
      const failure = failureOfError(err, timedOut);
      bubble?.parentElement?.remove();
      typing.remove();
      const about = failure.errors.find((e) => e.field === 'content');
      addNote(
        about ? `Your message ${about.message}.` : failure.message,
        failure.retry ? { label: 'Retry', run: () => void sendMessage(text, true) } : undefined,
      );
      if (!failure.retry && sentBubble) {
        // Refused as it is (e.g. too long): take it back out and let them edit it.
        sentBubble.parentElement?.remove();
        state.messages = state.messages.filter((m) => m !== sent);
        saveState();
        if (!input.value) input.value = text;
      }
    } finally {
      clearTimeout(timer);
      typing.remove();
      setBusy(false);
      scrollDown();
    }
  };

  const submitComposer = () => {
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    fitInput();
    void sendMessage(text, false);
  };
  const fitInput = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 132)}px`;
  };
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    submitComposer();
  });
  input.addEventListener('input', fitInput);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submitComposer();
    }
  });

  // ---- start over: the server forgets the conversation, the client_id stays
  const startOver = async (): Promise<void> => {
    if (busy) return;
    clearNotes();
    setBusy(true);
    try {
      if (!navigator.onLine)
        throw new Failure('offline', 'You seem to be offline. Check your connection and try again.');
      const res = await fetch(endpoint('gemini/reset'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: state.clientId }),
        credentials: 'omit',
      });
      if (!res.ok) throw await failureOf(res);
      state.messages = [];
      saveState();
      renderAll();
      showChat();
      input.focus();
    } catch (err) {
      const failure = failureOfError(err, false);
      showChat();
      addNote(failure.message, { label: 'Retry', run: () => void startOver() });
    } finally {
      setBusy(false);
    }
  };
  restartButton.addEventListener('click', () => void startOver());

  // ---- the contact form
  const showChat = () => {
    form.hidden = true;
    log.hidden = false;
    composer.hidden = false;
    contactButton.setAttribute('aria-pressed', 'false');
  };
  const showForm = () => {
    for (const key of Object.keys(fieldInputs) as Array<keyof Contact>) fieldInputs[key].value = state.contact[key];
    form.hidden = false;
    log.hidden = true;
    composer.hidden = true;
    contactButton.setAttribute('aria-pressed', 'true');
    fieldInputs.name.focus();
  };
  contactButton.addEventListener('click', () => {
    if (form.hidden) showForm();
    else {
      showChat();
      input.focus();
    }
  });
  formBack.addEventListener('click', () => {
    showChat();
    input.focus();
  });
  const setFieldErrors = (errors: FieldError[]) => {
    const keys = Object.keys(fieldInputs) as Array<keyof Contact>;
    const general: string[] = [];
    for (const key of keys) {
      fieldErrors[key].textContent = '';
      fieldInputs[key].removeAttribute('aria-invalid');
    }
    for (const e of errors) {
      const key = keys.find((k) => k === e.field);
      if (key) {
        fieldErrors[key].textContent = e.message
          ? `${key[0]?.toUpperCase()}${key.slice(1)} ${e.message}`
          : 'Please check this.';
        fieldInputs[key].setAttribute('aria-invalid', 'true');
      } else if (e.message) general.push(e.message);
    }
    return { first: keys.find((k) => fieldInputs[k].hasAttribute('aria-invalid')), general };
  };
  let saving = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (saving) return;
    const values: Contact = {
      name: fieldInputs.name.value.trim(),
      email: fieldInputs.email.value.trim(),
      phone: fieldInputs.phone.value.trim(),
    };
    formError.textContent = '';
    setFieldErrors([]);
    if (!values.name && !values.email && !values.phone) {
      formError.textContent = 'Please fill in at least one way to reach you.';
      fieldInputs.name.focus();
      return;
    }
    saving = true;
    formSubmit.setAttribute('aria-disabled', 'true');
    formSubmit.textContent = 'Sending…';
    const body: Record<string, string> = { client_id: state.clientId };
    for (const key of Object.keys(values) as Array<keyof Contact>) if (values[key]) body[key] = values[key];
    void (async () => {
      try {
        if (!navigator.onLine)
          throw new Failure('offline', 'You seem to be offline. Check your connection and try again.');
        const res = await fetch(endpoint('gemini/save-info'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          credentials: 'omit',
        });
        if (!res.ok) throw await failureOf(res);
        state.contact = values;
        saveState();
        showChat();
        addNote(
          `Thanks${values.name ? `, ${values.name.split(' ')[0]}` : ''}! We've saved your details and the team will be in touch.`,
          undefined,
          true,
        );
        input.focus();
      } catch (err) {
        const failure = failureOfError(err, false);
        const { first, general } = setFieldErrors(failure.errors);
        formError.textContent =
          first && general.length === 0
            ? 'Please check the highlighted fields.'
            : [failure.message, ...general].join(' ');
        (first ? fieldInputs[first] : formSubmit).focus();
      } finally {
        saving = false;
        formSubmit.removeAttribute('aria-disabled');
        formSubmit.textContent = 'Send details';
      }
    })();
  });

  // Another tab of the same site moved the conversation on: show it here too.
  window.addEventListener('storage', (e) => {
    if (e.key !== storageKey || busy) return;
    state = loadState();
    renderAll();
  });
}

// currentScript is only set while this file first runs: read it now, mount once there is a body.
const ownScript = findScript();
if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => mount(ownScript), { once: true });
else mount(ownScript);
