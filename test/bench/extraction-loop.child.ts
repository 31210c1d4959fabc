/**
 * The extraction loop alone, for counting instructions under valgrind (extraction.bench.ts runs it, compiled,
 * against the compiled server in dist/, as `npm start` runs it).
 * Usage: node extraction-loop.child.mjs <dist/capture/extract-details.js> <messages.json> <extract|regex|none> <rounds> [warm-up rounds]
 * Every mode first warms up the same way (two rounds of extraction unless told), so the modes differ only in the
 * measured loop: (instructions of a mode - instructions of `none`) / messages is that loop's cost per message.
 * After two rounds V8 still compiles functions that only some messages reach (its compiler then runs inside the
 * measured loop); after more it has compiled them all, and the count is of the extraction alone.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Extract = (text: string, ctx: { defaultCountry: string | undefined }) => { email?: string };

const [module, file, mode, roundsArg, warmUpArg] = process.argv.slice(2);
const { extractDetails } = (await import(pathToFileURL(module ?? '').href)) as { extractDetails: Extract };
const cases = JSON.parse(readFileSync(file ?? '', 'utf8')) as Array<{ text: string; country?: string }>;
const rounds = Number(roundsArg);
const BASELINE_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

let sink = 0;
const extractAll = () => {
  for (const c of cases) if (extractDetails(c.text, { defaultCountry: c.country }).email) sink++;
};
const warmUp = warmUpArg === undefined ? 2 : Number(warmUpArg);
for (let i = 0; i < warmUp; i++) extractAll();
if (mode === 'extract') for (let r = 0; r < rounds; r++) extractAll();
else if (mode === 'regex') for (let r = 0; r < rounds; r++) for (const c of cases) if (BASELINE_RE.exec(c.text)) sink++;
// Printing the count keeps the loops from being optimised away.
process.stdout.write(`${sink}\n`);
