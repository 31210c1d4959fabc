/**
 * The fake Gemini (test/helpers/fake-gemini.ts) as its own process for the benches, so the load
 * generator's busy event loop does not delay its answers. Answers at once, in three streamed chunks.
 * Prints `listening <url>` on stdout, then runs until killed.
 */
import { startFakeGemini } from '../helpers/fake-gemini.js';

export const FAKE_REPLY_CHUNKS = [
  'Thanks for reaching out! ',
  'Yes, we build online stores; a small shop usually takes four to six weeks. ',
  'Could you share your email so we can send you a quote?',
];

const fake = await startFakeGemini();
fake.fallback = { kind: 'text', chunks: FAKE_REPLY_CHUNKS };
// The fake records every request for tests; under load that is only a growing array.
// The bench that started us may die without stopping us: then we go too.
const parent = process.ppid;
setInterval(() => {
  fake.requests.length = 0;
  if (process.ppid !== parent) process.exit(0);
}, 1000);
process.stdout.write(`listening ${fake.url}\n`);
process.once('SIGTERM', () => {
  void fake.close().then(() => process.exit(0));
});
