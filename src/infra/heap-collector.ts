/**
 * V8's garbage collector on demand, for the two places that know better than V8 when memory is about to be
 * needed or is no longer (the lead export, see reports/). Reached the way jest's leak detector reaches it
 * without `--expose-gc` on the command line: the flag, set at run time, only gives contexts made later a
 * `gc`, and the collection that function runs is of the calling thread's heap.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc` extension: `flavor: 'last-resort'` also shrinks the young generation and gives pages back. */
type GcFunction = (options?: {
  type?: 'major' | 'minor';
  execution?: 'sync' | 'async';
  flavor?: 'regular' | 'last-resort';
}) => void;

let exposed: GcFunction | undefined;

function garbageCollector(): GcFunction {
  if (!exposed) {
    setFlagsFromString('--expose-gc');
    exposed = runInNewContext('gc') as GcFunction;
  }
  return exposed;
}

/** A full collection of this thread's heap (what is unreachable is freed now, not at V8's next one). */
export function collectGarbage(): void {
  garbageCollector()();
}

/**
 * A full collection that also hands the memory V8 keeps for later back to the system: Node 24 lets a busy
 * thread's young generation grow to 128 MB (two semi-spaces of 64 MB) and keeps it committed while the
 * thread stays busy, so a server that served a burst of requests idles at ~170 MB of RSS of which ~70 MB
 * is empty young generation. Blocks the thread for the collection (tens of ms at a ~50 MB heap).
 */
export function releaseUnusedHeap(): void {
  garbageCollector()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
