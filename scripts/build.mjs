// Compiles the server (src/**/*.ts, not the browser widget) to dist/ with esbuild: one file per module, same
// layout, so paths relative to a module (views/, public/) resolve as they do from src/. Type checking is
// `npm run typecheck`'s job; this only strips types, in well under a second, so `npm start` runs it every time.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const src = path.join(root, 'src');
// The widget's browser code is bundled on its own (src/widget/widget.bundle.ts); of src/widget/, only the
// files that serve it run on the server.
const widgetServerFiles = ['widget.bundle.ts', 'widget.routes.ts'].map((f) => path.join('widget', f));
const isBrowserWidget = (f) => path.dirname(f) === 'widget' && !widgetServerFiles.includes(f);
const entryPoints = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !isBrowserWidget(f))
  .map((f) => path.join(src, f));

await build({
  entryPoints,
  outdir: path.join(root, 'dist'),
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // esbuild rewrites every regex literal with a Unicode property (\p{L}) into `new RegExp(...)` for
  // node24 (it cannot tell which Unicode version a property needs), which builds a RegExp object on every
  // call of the function holding it; Node 24 has them all, so the literals stay literals.
  supported: { 'regexp-unicode-property-escapes': true },
  sourcemap: 'linked',
  logLevel: 'warning',
});

// Data files next to modules (the capture lexicons, the database migrations) are read relative to their
// module: copy them along.
const dataFile = (f) => f.endsWith('.json') || f.endsWith('.sql');
for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(dataFile)) {
  mkdirSync(path.dirname(path.join(root, 'dist', file)), { recursive: true });
  copyFileSync(path.join(src, file), path.join(root, 'dist', file));
}
