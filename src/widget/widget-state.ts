/**
 * What the widget remembers between page views: the client_id and the visible conversation, kept in
 * localStorage so a reload or another page of the site continues the same chat.
 */
import { isObject, readString } from './read-json.js';

export type Role = 'user' | 'assistant';

export interface StoredMessage {
  role: Role;
  text: string;
}

export interface Contact {
  name: string;
  email: string;
  phone: string;
}

export interface StoredState {
  clientId: string;
  messages: StoredMessage[];
  contact: Contact;
}

const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_STORED = 60;

// One widget per page, so one state: read and changed in place by the other parts, replaced only here.
export let state: StoredState;
let storageKey = '';

/** The server's rule for a client_id; anything else is not trusted, from storage or from a reply. */
export function isClientId(value: string): boolean {
  return CLIENT_ID_RE.test(value);
}

/** Loads the state kept under `key` and writes it straight back, so a new client_id is kept from the first page view. */
export function openState(key: string): void {
  storageKey = key;
  state = loadState(key);
  saveState();
}

/** Keeps only the latest messages, so the entry stays small on a long chat. */
export function saveState(): void {
  state.messages = state.messages.slice(-MAX_STORED);
  try {
    localStorage.setItem(storageKey, JSON.stringify(state));
  } catch {
    // storage full or blocked: keep going in memory
  }
}

/**
 * Another tab of the same site moved the conversation on: take its state, then call `onChange`.
 * Skipped while `canFollow` says no (a reply is on its way here).
 */
export function followOtherTabs(canFollow: () => boolean, onChange: () => void): void {
  window.addEventListener('storage', (e) => {
    if (e.key !== storageKey || !canFollow()) return;
    state = loadState(storageKey);
    onChange();
  });
}

function loadState(key: string): StoredState {
  const fresh: StoredState = { clientId: makeClientId(), messages: [], contact: { name: '', email: '', phone: '' } };
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (!isObject(raw) || !isClientId(readString(raw.clientId))) return fresh;
    const messages = Array.isArray(raw.messages)
      ? raw.messages
          .filter(isObject)
          .filter((m) => (m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string')
          .map((m) => ({ role: m.role as Role, text: readString(m.text) }))
      : [];
    const c = isObject(raw.contact) ? raw.contact : {};
    return {
      clientId: readString(raw.clientId),
      messages,
      contact: { name: readString(c.name), email: readString(c.email), phone: readString(c.phone) },
    };
  } catch {
    return fresh; // storage blocked or corrupt: a conversation for this page view only
  }
}

function makeClientId(): string {
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  // The version (4) and variant bits of a UUID, so the id looks like the one randomUUID gives.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
