/**
 * Every route an Express 5 app has registered, with its full path: the app's router stack, walked through
 * every mounted router. Reads the router package's layers (`route`, `handle.stack`, `rawPath`), which is
 * what Express itself matches against; a test fails loudly if that shape changes (it finds no routes).
 */
import type { Express } from 'express';

interface RouteLike {
  path: string | string[];
  methods: Record<string, boolean>;
}

interface LayerLike {
  route?: RouteLike;
  handle: { stack?: LayerLike[] };
  rawPath?: string | string[];
}

export interface WalkedRoute {
  method: string;
  path: string;
}

const join = (prefix: string, path: string) => (prefix + (path === '/' ? '' : path) || '/').replace(/\/+/g, '/');

function walk(stack: LayerLike[], prefix: string, out: WalkedRoute[]): void {
  for (const layer of stack) {
    const mounts = layer.rawPath === undefined ? ['/'] : [layer.rawPath].flat();
    if (layer.route) {
      const paths = [layer.route.path].flat();
      for (const path of paths)
        for (const method of Object.keys(layer.route.methods))
          out.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: join(prefix, path) });
    } else if (layer.handle.stack) {
      for (const mount of mounts) walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

export function walkRoutes(app: Express): WalkedRoute[] {
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const out: WalkedRoute[] = [];
  walk(router.stack, '', out);
  // HEAD is answered by GET routes; one request per route and method is enough.
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (r.method === 'HEAD' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A concrete URL path for a route pattern: `:param` and `{*rest}` filled with harmless values. */
export function samplePath(pattern: string): string {
  return pattern.replace(/\{\*[^}]+\}/g, 'x/y').replace(/:[A-Za-z_]\w*/g, 'x');
}
