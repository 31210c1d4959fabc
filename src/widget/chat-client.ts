/**
 * The widget's calls to the chat server (a chat turn streamed over SSE, start over, the contact form)
 * and the wording of every way they can fail, so the visitor reads what happened and what to do.
 */
import { isObject, readString } from './read-json.js';
import { isClientId, type Contact } from './widget-state.js';

export interface FieldError {
  field: string;
  message: string;
}

type FailureKind = 'offline' | 'network' | 'timeout' | 'rate' | 'unavailable' | 'server' | 'invalid';

/** A failed request, worded for the visitor. `retry` is false when sending it again cannot help. */
export class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retry = true,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The assistant's answer to one message; `clientId` is set when the server gave a valid one. */
export interface Reply {
  text: string;
  clientId: string | null;
}

const TIMEOUT_MS = 45_000; // no byte for this long: give up and offer a retry
const OFFLINE = 'You seem to be offline. Check your connection and try again.';

/**
 * Sends a message and streams the reply: `onDelta` gets the text so far as each piece arrives.
 * Throws a Failure; a reply that stops arriving for TIMEOUT_MS is cut off as a timeout.
 */
/** The browser's IANA zone, so meeting times are also given in the visitor's own time; none if unknown. */
function browserZone(): { timezone?: string } {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Some browsers report "Etc/Unknown" when they cannot tell: the server would refuse it as no zone.
    return zone && zone !== 'Etc/Unknown' ? { timezone: zone } : {};
  } catch {
    return {};
  }
}

export async function sendMessage(
  server: URL,
  clientId: string,
  text: string,
  onDelta: (soFar: string) => void,
): Promise<Reply> {
  const controller = new AbortController();
  let timedOut = false;
  let timer = 0;
  // The clock restarts on every chunk: a long reply that keeps coming is not a timeout.
  const arm = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, TIMEOUT_MS);
  };
  arm();
  try {
    const res = await postJson(
      server,
      'gemini/train',
      { client_id: clientId, content: text, ...browserZone() },
      { Accept: 'text/event-stream' },
      controller.signal,
    );
    let reply = '';
    let done: Record<string, unknown> | null = null;
    if ((res.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
      await readEvents(
        res,
        (event, data) => {
          if (!isObject(data)) return;
          if (event === 'delta') {
            reply += readString(data.text);
            onDelta(reply);
          } else if (event === 'done') {
            done = data;
          } else if (event === 'error') {
            throw new Failure('server', readString(data.message) || 'Something went wrong. Please try again.');
          }
        },
        arm,
      );
    } else {
      const body: unknown = await res.json(); // a proxy that dropped the Accept header: plain JSON
      done = isObject(body) && isObject(body.data) ? body.data : null;
    }
    // Typed again: TypeScript cannot see that the event callback above assigns `done`.
    const final: Record<string, unknown> | null = done;
    if (!final) throw new Failure('network', 'The reply was cut off. Please try again.');
    const newId = readString(final.client_id);
    return { text: readString(final.reply) || reply, clientId: isClientId(newId) ? newId : null };
  } catch (err) {
    throw explainError(err, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/** Start over: the server forgets the conversation; the client_id stays. What it throws, explainError words. */
export async function resetConversation(server: URL, clientId: string): Promise<void> {
  await postJson(server, 'gemini/reset', { client_id: clientId });
}

/** Saves the contact form's fields; empty ones are left out. What it throws, explainError words (with field errors). */
export async function saveContact(server: URL, clientId: string, contact: Contact): Promise<void> {
  const body: Record<string, string> = { client_id: clientId };
  for (const key of Object.keys(contact) as Array<keyof Contact>) if (contact[key]) body[key] = contact[key];
  await postJson(server, 'gemini/save-info', body);
}

/** Any error as a Failure the visitor can read; one already worded is kept as it is. */
export function explainError(err: unknown, timedOut = false): Failure {
  if (err instanceof Failure) return err;
  if (timedOut) return new Failure('timeout', 'This is taking longer than usual. Please try again.');
  if (!navigator.onLine) return new Failure('offline', OFFLINE);
  return new Failure('network', "We couldn't reach the chat service. Please try again.");
}

/** POSTs JSON to a path of the chat server; a non-2xx answer is thrown as a Failure. */
async function postJson(
  server: URL,
  path: string,
  body: Record<string, string>,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  // Checked first: a request made offline fails with a message that does not say why.
  if (!navigator.onLine) throw new Failure('offline', OFFLINE);
  const res = await fetch(new URL(path, server).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
    // The widget runs on other sites: it sends no cookies, and the server needs none.
    credentials: 'omit',
  });
  if (!res.ok) throw await readFailure(res);
  return res;
}

/** Turns a non-2xx answer into a Failure, using the envelope's message and field errors. */
async function readFailure(res: Response): Promise<Failure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): the status alone decides
  }
  const message = isObject(body) ? readString(body.message) : '';
  const data = isObject(body) && isObject(body.data) ? body.data : {};
  const errors = Array.isArray(data.errors)
    ? data.errors.filter(isObject).map((e) => ({ field: readString(e.field), message: readString(e.message) }))
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

/** Retry-After in words; a missing or odd value reads as "in a little while". */
function describeWait(seconds: number): string {
  if (!(seconds > 0)) return 'in a little while';
  if (seconds < 90) return `in about ${Math.max(1, Math.round(seconds))} seconds`;
  if (seconds < 90 * 60) return `in about ${Math.round(seconds / 60)} minutes`;
  return `in about ${Math.round(seconds / 3600)} hours`;
}

/**
 * Reads `event:`/`data:` blocks from a fetch body as they arrive (EventSource cannot POST).
 * `onChunk` is called for every chunk read, before its events.
 */
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
  // A last block the server did not end with a blank line is still read.
  feed('\n\n');
}
