/**
 * The two baselines of the turn-CPU bench (test/bench/turn-cpu.bench.ts): a bare Express 5 + ioredis server
 * doing only the outside work a chat turn needs, with histories at the same cap as ours:
 * read the history (LRANGE), call the LLM with it, append the turn and trim (one MULTI), answer.
 * BASELINE_MODE=plain calls the fake Gemini's streamGenerateContent with a plain `fetch` (body built by hand,
 * the SSE answer split and parsed by hand); BASELINE_MODE=sdk makes the same call through @google/genai's
 * generateContentStream, as our server does. Both answer SSE (delta events, then done) when asked for it, as
 * the widget does, else the JSON envelope. Env: PORT, REDIS_URL, GEMINI_BASE_URL, BASELINE_MODE,
 * BASELINE_SYSTEM_FILE (the system text ours sends, so that both request bodies are the same size),
 * MAX_HISTORY_MESSAGES.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { GoogleGenAI, type Content } from '@google/genai';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT ?? 0);
const mode = process.env.BASELINE_MODE === 'plain' ? 'plain' : 'sdk';
const cap = Number(process.env.MAX_HISTORY_MESSAGES ?? 20);
const baseUrl = process.env.GEMINI_BASE_URL ?? '';
const apiKey = 'bench-gemini-key';
const model = 'gemini-2.5-flash';
const systemText = process.env.BASELINE_SYSTEM_FILE ? readFileSync(process.env.BASELINE_SYSTEM_FILE, 'utf8') : '';
const generationConfig = { temperature: 0.4, maxOutputTokens: 1024 };
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const genai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl, apiVersion: 'v1beta' } });

interface Message {
  role: 'user' | 'model';
  text: string;
  at: string;
}

/** The history and this message as Gemini's alternating contents. */
function toContents(history: Message[], message: string): Content[] {
  const contents: Content[] = [];
  for (const m of [...history, { role: 'user' as const, text: message, at: '' }]) {
    const last = contents[contents.length - 1];
    if (last?.role === m.role) last.parts?.push({ text: m.text });
    else contents.push({ role: m.role, parts: [{ text: m.text }] });
  }
  while (contents[0]?.role === 'model') contents.shift();
  return contents;
}

/** The SDK's call: generateContentStream, each piece as it comes. */
async function askSdk(contents: Content[], onPiece: (text: string) => void): Promise<string> {
  const stream = await genai.models.generateContentStream({
    model,
    contents,
    config: { systemInstruction: systemText, ...generationConfig },
  });
  let reply = '';
  for await (const chunk of stream) {
    const text = chunk.text ?? '';
    if (text) {
      reply += text;
      onPiece(text);
    }
  }
  return reply;
}

interface GeminiChunk {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
}

/** The same request by hand: one fetch, the whole SSE answer read, its data lines parsed. */
async function askPlain(contents: Content[], onPiece: (text: string) => void): Promise<string> {
  const res = await fetch(`${baseUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': apiKey },
    body: JSON.stringify({ contents, systemInstruction: { parts: [{ text: systemText }] }, generationConfig }),
  });
  if (!res.ok) throw new Error(`gemini: HTTP ${res.status}`);
  let reply = '';
  for (const event of (await res.text()).split('\r\n\r\n')) {
    if (!event.startsWith('data: ')) continue;
    const chunk = JSON.parse(event.slice(6)) as GeminiChunk;
    const text = (chunk.candidates?.[0]?.content?.parts ?? []).map((p) => p.text ?? '').join('');
    if (text) {
      reply += text;
      onPiece(text);
    }
  }
  return reply;
}

const ask = mode === 'plain' ? askPlain : askSdk;
const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ status: 'success' });
});
app.post('/gemini/train', async (req, res) => {
  const { client_id: clientId, content } = req.body as { client_id: string; content: string };
  const key = `turnbase:${mode}:${clientId}`;
  const history = (await redis.lrange(key, 0, -1)).map((raw) => JSON.parse(raw) as Message);
  const sse = (req.get('accept') ?? '').includes('text/event-stream');
  if (sse) res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  const reply = await ask(toContents(history, content), (text) => {
    if (sse) res.write(`event: delta\ndata: ${JSON.stringify({ text })}\n\n`);
  });
  const at = new Date().toISOString();
  await redis
    .multi()
    .rpush(key, JSON.stringify({ role: 'user', text: content, at }), JSON.stringify({ role: 'model', text: reply, at }))
    .ltrim(key, -cap, -1)
    .exec();
  const data = { client_id: clientId, reply, lead: null, meeting: null };
  if (sse) res.end(`event: done\ndata: ${JSON.stringify(data)}\n\n`);
  else res.json({ status: 'success', data, message: 'Reply generated', timestamp: at });
});

const server = app.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  redis.disconnect();
});
