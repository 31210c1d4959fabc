/**
 * A small fake of Gemini's REST API (generateContent and streamGenerateContent?alt=sse) on loopback.
 * Tests queue behaviours; every request body is recorded so tests can check what the real SDK sent.
 */
import http from 'node:http';
import { serveOnLoopback } from './loopback.js';

export type GeminiBehaviour =
  /** `firstDelayMs`: wait before the headers (a slow model); `delayMs`: between streamed chunks. */
  | { kind: 'text'; chunks: string[]; delayMs?: number; firstDelayMs?: number; usage?: GeminiUsage }
  /**
   * Streams `chunks` (SSE), then breaks the stream: `destroy` resets the connection mid-response, `end`
   * ends the response early but cleanly, `stall` keeps it open and silent for ever.
   */
  | { kind: 'cut'; chunks: string[]; then: 'destroy' | 'end' | 'stall' }
  | { kind: 'status'; status: number; message?: string; statusText?: string }
  | { kind: 'hang' };

/** The reply's usageMetadata (every chunk carries it, as Gemini's do): prompt, cached part of it, output. */
export interface GeminiUsage {
  prompt: number;
  cached: number;
  output: number;
}

export interface RecordedRequest {
  path: string;
  apiKey: string | undefined;
  body: {
    contents?: Array<{ role: string; parts: Array<{ text?: string }> }>;
    systemInstruction?: { parts?: Array<{ text?: string }> } | string;
    generationConfig?: unknown;
  };
}

export interface FakeGemini {
  url: string;
  requests: RecordedRequest[];
  /** Behaviours used in order; when empty, `fallback` answers. */
  queue: GeminiBehaviour[];
  fallback: GeminiBehaviour;
  /**
   * How a text answer counts its tokens when its behaviour sets no `usage` (the request, the whole reply):
   * benches set it to a tokenizer's count; unset, every answer reports 1 prompt and 1 output token.
   */
  usageOf?: (req: RecordedRequest, reply: string) => GeminiUsage;
  close(): Promise<void>;
}

function answerJson(text: string, usage: GeminiUsage = { prompt: 1, cached: 0, output: 1 }) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: usage.prompt,
      ...(usage.cached ? { cachedContentTokenCount: usage.cached } : {}),
      candidatesTokenCount: usage.output,
      totalTokenCount: usage.prompt + usage.output,
    },
  };
}

export function systemText(req: RecordedRequest): string {
  const si = req.body.systemInstruction;
  if (typeof si === 'string') return si;
  return (si?.parts ?? []).map((p) => p.text ?? '').join('');
}

/** The last content's text (this turn's facts from the server, then the visitor's words). */
export function lastTurnText(req: RecordedRequest): string {
  return (req.body.contents?.at(-1)?.parts ?? []).map((p) => p.text ?? '').join('\n');
}

/** Everything the model was given: the system instruction and every content. */
export function promptText(req: RecordedRequest): string {
  const contents = (req.body.contents ?? []).map((c) => c.parts.map((p) => p.text ?? '').join('\n'));
  return [systemText(req), ...contents].join('\n');
}

/**
 * `keepAliveTimeoutMs`: how long an idle client connection stays open (Node's default 5 s): the instruction
 * bench's servers run under valgrind, so slowly that undici reuses a connection the fake is just closing (and
 * a request's headers and body can take longer than Node's 60 s and 300 s limits: those get the same value).
 */
export async function startFakeGemini(options: { keepAliveTimeoutMs?: number } = {}): Promise<FakeGemini> {
  const fake: FakeGemini = {
    url: '',
    requests: [],
    queue: [],
    fallback: { kind: 'text', chunks: ['Hello from the fake Gemini.'] },
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    let recorded: RecordedRequest | undefined;
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = req.url ?? '';
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(raw) as RecordedRequest['body'];
      } catch {
        // keep empty
      }
      const apiKey = req.headers['x-goog-api-key'];
      recorded = { path: url, apiKey: typeof apiKey === 'string' ? apiKey : undefined, body };
      fake.requests.push(recorded);
      const behaviour = fake.queue.shift() ?? fake.fallback;
      if (behaviour.kind === 'hang') return; // never answers; the client must time out
      if (behaviour.kind === 'cut') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const chunk of behaviour.chunks) res.write(`data: ${JSON.stringify(answerJson(chunk))}\r\n\r\n`);
        // Let the chunks leave before breaking the connection.
        setTimeout(() => {
          if (behaviour.then === 'destroy') res.socket?.resetAndDestroy();
          else if (behaviour.then === 'end') res.end();
        }, 50);
        return;
      }
      if (behaviour.kind === 'text' && behaviour.firstDelayMs) {
        const timer = setTimeout(() => answer(behaviour), behaviour.firstDelayMs);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      answer(behaviour);
    });
    const answer = (behaviour: GeminiBehaviour) => {
      if (res.destroyed) return;
      const url = req.url ?? '';
      if (behaviour.kind === 'hang' || behaviour.kind === 'cut') return;
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: behaviour.status,
              message: behaviour.message ?? 'fake failure',
              status: behaviour.statusText ?? 'UNAVAILABLE',
            },
          }),
        );
        return;
      }
      const streaming = url.includes(':streamGenerateContent');
      const usage =
        behaviour.usage ?? (fake.usageOf && recorded ? fake.usageOf(recorded, behaviour.chunks.join('')) : undefined);
      if (!streaming) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answerJson(behaviour.chunks.join(''), usage)));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunks = [...behaviour.chunks];
      const next = () => {
        const chunk = chunks.shift();
        if (chunk === undefined) {
          res.end();
          return;
        }
        res.write(`data: ${JSON.stringify(answerJson(chunk, usage))}\r\n\r\n`);
        if (behaviour.delayMs) setTimeout(next, behaviour.delayMs);
        else next();
      };
      next();
    };
  });
  if (options.keepAliveTimeoutMs) {
    // A client that slow also sends its requests slowly: no 408 for a request still arriving.
    server.keepAliveTimeout = server.headersTimeout = server.requestTimeout = options.keepAliveTimeoutMs;
  }
  const served = await serveOnLoopback(server);
  fake.url = served.url;
  fake.close = served.close;
  return fake;
}
