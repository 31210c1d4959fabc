/** A reader that takes nothing until opened: a writer into it must wait for 'drain', not buffer everything. */
import { Writable } from 'node:stream';

export interface StalledOutput {
  out: Writable;
  /** What the output was given (its write holds the first chunk until opened; the rest wait in its buffer). */
  chunks: Buffer[];
  /** Takes what was held, and everything from now on. */
  open: () => void;
}

export function stalledOutput(): StalledOutput {
  let opened = false;
  const held: Array<() => void> = [];
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      // A copy, as a socket's write takes one: a writer may reuse a chunk's memory once its write is done.
      chunks.push(Buffer.from(chunk));
      if (opened) cb();
      else held.push(() => cb());
    },
  });
  const open = () => {
    opened = true;
    for (const release of held.splice(0)) release();
  };
  return { out, chunks, open };
}
