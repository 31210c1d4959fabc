/**
 * The fake Gemini (test/helpers/fake-gemini.ts) as its own process for the benches, so the load
 * generator's busy event loop does not delay its answers. Answers at once, in three streamed chunks.
 * Prints `listening <url>` on stdout, then `control <url>`: GET <control>/last answers the last request the
 * fake received (path and body), so a bench can see what a server sent. Runs until killed.
 * FAKE_GEMINI_KEEP_ALIVE_MS: how long idle connections stay open (Node's default 5 s when unset).
 */
import http from 'node:http';
import { startFakeGemini, type RecordedRequest } from '../helpers/fake-gemini.js';
import { serveOnLoopback } from '../helpers/loopback.js';
import { FAKE_REPLY_CHUNKS } from './fake-reply.js';

const keepAlive = Number(process.env.FAKE_GEMINI_KEEP_ALIVE_MS ?? 0);
const fake = await startFakeGemini(keepAlive > 0 ? { keepAliveTimeoutMs: keepAlive } : {});
fake.fallback = { kind: 'text', chunks: FAKE_REPLY_CHUNKS };
let last: RecordedRequest | undefined;
const control = await serveOnLoopback(
  http.createServer((_req, res) => {
    last = fake.requests.at(-1) ?? last;
    res.writeHead(last ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(last ?? null));
  }),
);
// The fake records every request for tests; under load that is only a growing array.
// The bench that started us may die without stopping us: then we go too.
const parent = process.ppid;
setInterval(() => {
  last = fake.requests.at(-1) ?? last;
  fake.requests.length = 0;
  if (process.ppid !== parent) process.exit(0);
}, 1000);
process.stdout.write(`listening ${fake.url}\ncontrol ${control.url}\n`);
process.once('SIGTERM', () => {
  void Promise.all([fake.close(), control.close()]).then(() => process.exit(0));
});
