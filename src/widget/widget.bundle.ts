/**
 * Builds the widget (src/widget/widget.ts) into one minified script with esbuild, once per process:
 * the server and the size script both use this, so what is measured is exactly what is served.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface WidgetBundle {
  code: Buffer;
  gzipped: Buffer;
  /** Strong ETag of the code (the gzipped variant appends `-gz`). */
  etag: string;
}

const ENTRY = fileURLToPath(new URL('../../src/widget/widget.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../src/widget/tsconfig.json', import.meta.url));

export async function buildWidgetBundle(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [ENTRY],
    tsconfig: TSCONFIG,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers from about 2020 on; newer syntax is lowered.
    target: ['es2019', 'chrome80', 'firefox78', 'safari15'],
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the widget');
  const code = Buffer.from(output.contents);
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 22);
  return { code, gzipped: gzipSync(code, { level: 9 }), etag: `"w-${hash}` };
}

let cached: Promise<WidgetBundle> | undefined;

/** The bundle, built on first call and kept in memory; a failed build is tried again next time. */
export function loadWidgetBundle(): Promise<WidgetBundle> {
  if (!cached) {
    const building = buildWidgetBundle();
    cached = building;
    building.catch(() => {
      if (cached === building) cached = undefined;
    });
  }
  return cached;
}
