/**
 * One attempt to deliver to a webhook receiver: a POST that succeeds only with a 2xx answer within the
 * timeout. Redirects are not followed (a receiver that moved says so in the delivery's status); the answer is
 * read only as far as the excerpt kept on the delivery. Failures are returned, never thrown.
 */
import type { ReadableStreamDefaultReader, ReadableStreamReadResult } from 'node:stream/web';
import type { AttemptResult } from './webhook.types.js';

/** The part of a receiver's answer kept on the delivery for admins. */
const RESPONSE_EXCERPT_CHARS = 500;
const USER_AGENT = 'lead-chatbot-webhooks/1';

/** The first characters of the answer, without waiting for the rest (a receiver may stream for ever). */
async function excerptOf(res: Response): Promise<string> {
  const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_EXCERPT_CHARS) {
      const chunk: ReadableStreamReadResult<Uint8Array> = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_EXCERPT_CHARS);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = error.cause;
  return cause?.code ? `${cause.code}: ${cause.message ?? error.message}` : error.message;
}

export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<AttemptResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
      body,
      signal,
    });
    const response = await excerptOf(res);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, response, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, response: null, error: describeFailure(err, timeoutMs) };
  }
}
