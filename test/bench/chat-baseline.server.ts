/**
 * The baseline of the chat bench: a minimal Express 5 handler doing the same outside work as a chat turn,
 * and nothing else — one Redis round trip (append the message and read the capped history in one MULTI)
 * and one streamed call to the same fake LLM through the same @google/genai SDK — answering JSON or SSE.
 * Started as its own process by the bench, like the real server. Env: PORT, REDIS_URL, GEMINI_BASE_URL.
 */
import express from 'express';
import { GoogleGenAI, type Content } from '@google/genai';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT ?? 0);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const genai = new GoogleGenAI({
  apiKey: process.env.GEMINI_API_KEY ?? 'bench-key',
  httpOptions: { baseUrl: process.env.GEMINI_BASE_URL ?? '', apiVersion: 'v1beta' },
});

const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ status: 'success' });
});
app.post('/gemini/train', async (req, res) => {
  const body = req.body as { client_id?: string; content?: string };
  const clientId = body.client_id ?? 'anonymous';
  const content = body.content ?? '';
  const key = `baseline:${clientId}`;
  const results = await redis.multi().rpush(key, content).ltrim(key, -20, -1).lrange(key, 0, -1).exec();
  const history = (results?.[2]?.[1] as string[] | undefined) ?? [content];
  const contents: Content[] = [{ role: 'user', parts: history.map((text) => ({ text })) }];
  const stream = await genai.models.generateContentStream({
    model: 'gemini-2.5-flash',
    contents,
    config: { systemInstruction: 'You are a helpful assistant.', temperature: 0.4, maxOutputTokens: 1024 },
  });
  const sse = (req.get('accept') ?? '').includes('text/event-stream');
  if (sse) {
    res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.flushHeaders();
  }
  let reply = '';
  for await (const chunk of stream) {
    const text = chunk.text ?? '';
    reply += text;
    if (sse && text) res.write(`event: delta\ndata: ${JSON.stringify({ text })}\n\n`);
  }
  const data = { client_id: clientId, reply, lead: null, meeting: null };
  if (sse) {
    res.end(`event: done\ndata: ${JSON.stringify(data)}\n\n`);
  } else {
    res.json({ status: 'success', data, message: 'Reply generated', timestamp: new Date().toISOString() });
  }
});

const server = app.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  redis.disconnect();
});
