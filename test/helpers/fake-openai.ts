/**
 * A small fake of an OpenAI-compatible Chat Completions endpoint (`POST /v1/chat/completions`) on loopback,
 * speaking what the real ones do: JSON for a plain request, server-sent events for `stream: true`
 * (`data: {chunk}\n\n` per piece, a last chunk with `usage` and no choices when
 * `stream_options.include_usage` is set, then `data: [DONE]`), and `{error: {...}}` bodies for failures.
 * Tests queue behaviours; every request is recorded so tests can check what the real SDK sent.
 */
import http from 'node:http';
import { serveOnLoopback } from './loopback.js';

export type OpenAiBehaviour =
  /** `firstDelayMs`: wait before the headers (a slow model); `delayMs`: between streamed chunks. */
  | { kind: 'text'; chunks: string[]; delayMs?: number; firstDelayMs?: number; usage?: FakeUsage }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'hang' };

export interface FakeUsage {
  prompt: number;
  cached: number;
  output: number;
}

export interface OpenAiMessage {
  role: string;
  content: string | Array<{ type: string; text?: string }>;
}

export interface RecordedOpenAiRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: OpenAiMessage[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
}

export interface FakeOpenAi {
  /** The base URL to give as OPENAI_BASE_URL (`…/v1`). */
  url: string;
  requests: RecordedOpenAiRequest[];
  /** Behaviours used in order; when empty, `fallback` answers. */
  queue: OpenAiBehaviour[];
  fallback: OpenAiBehaviour;
  close(): Promise<void>;
}

/** A message's text whether the SDK sent a string or content parts. */
export function messageText(m: OpenAiMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');
}

/** Usage counted roughly like a tokenizer would (about four characters a token), unless a test sets it. */
function usageOf(req: RecordedOpenAiRequest, reply: string, set: FakeUsage | undefined) {
  const prompt = set?.prompt ?? Math.ceil((req.body.messages ?? []).map(messageText).join('').length / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: set?.output ?? Math.ceil(reply.length / 4),
    total_tokens: prompt + (set?.output ?? Math.ceil(reply.length / 4)),
    prompt_tokens_details: { cached_tokens: set?.cached ?? 0 },
  };
}

/** What the fake answers when nothing is queued (and again before each test, see openai-stack.ts). */
export const PLAIN_REPLY: OpenAiBehaviour = { kind: 'text', chunks: ['Hello from the fake OpenAI.'] };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = { url: '', fallback: PLAIN_REPLY, requests: [], queue: [], close: () => Promise.resolve() };
  let sequence = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: RecordedOpenAiRequest['body'] = {};
      try {
        body = JSON.parse(raw) as RecordedOpenAiRequest['body'];
      } catch {
        // keep empty
      }
      const recorded: RecordedOpenAiRequest = { path: req.url ?? '', authorization: req.headers.authorization, body };
      fake.requests.push(recorded);
      const behaviour = fake.queue.shift() ?? fake.fallback;
      if (behaviour.kind === 'hang') return; // never answers; the client must time out
      if (recorded.path !== '/v1/chat/completions' || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', code: null } }));
        return;
      }
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: behaviour.message ?? 'fake failure', type: 'server_error', param: null, code: null },
          }),
        );
        return;
      }
      const timer = setTimeout(() => answer(recorded, behaviour), behaviour.firstDelayMs ?? 0);
      res.once('close', () => clearTimeout(timer));
    });

    const answer = (recorded: RecordedOpenAiRequest, behaviour: Extract<OpenAiBehaviour, { kind: 'text' }>) => {
      if (res.destroyed) return;
      const id = `chatcmpl-fake-${++sequence}`;
      const created = Math.floor(Date.now() / 1000);
      const model = recorded.body.model ?? 'fake';
      const reply = behaviour.chunks.join('');
      const usage = usageOf(recorded, reply, behaviour.usage);
      if (!recorded.body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const withUsage = recorded.body.stream_options?.include_usage === true;
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra, ...(withUsage && !('usage' in extra) ? { usage: null } : {}) })}\n\n`;
      const pieces = [...behaviour.chunks];
      res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      const next = () => {
        if (res.destroyed) return;
        const piece = pieces.shift();
        if (piece === undefined) {
          res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
          if (withUsage) res.write(chunk([], { usage }));
          res.end('data: [DONE]\n\n');
          return;
        }
        res.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
        if (behaviour.delayMs) setTimeout(next, behaviour.delayMs);
        else next();
      };
      next();
    };
  });
  const served = await serveOnLoopback(server);
  fake.url = `${served.url}/v1`;
  fake.close = served.close;
  return fake;
}
