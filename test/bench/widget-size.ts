/** Prints the size of /widget.js exactly as served (same esbuild build), raw and gzipped. Budget: 15 KB gzipped. */
import { buildWidgetBundle } from '../../src/widget/widget.bundle.js';

const BUDGET = 15 * 1024;
const bundle = await buildWidgetBundle();
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB (${n} bytes)`;
process.stdout.write(`widget.js raw:     ${kb(bundle.code.length)}\n`);
process.stdout.write(`widget.js gzipped: ${kb(bundle.gzipped.length)} of a ${BUDGET / 1024} KB budget\n`);
if (bundle.gzipped.length > BUDGET) {
  process.stderr.write('widget.js is over its gzipped size budget\n');
  process.exitCode = 1;
}
