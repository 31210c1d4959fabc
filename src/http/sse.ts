/** Server-sent events, opened lazily so that failures before the first byte still get a JSON error. */
import type { Request, Response } from 'express';

export function wantsEventStream(req: Request): boolean {
  return (req.get('accept') ?? '').includes('text/event-stream');
}

export class SseWriter {
  private opened = false;
  private corked = false;

  constructor(private readonly res: Response) {}

  get isOpen(): boolean {
    return this.opened;
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('X-Accel-Buffering', 'no');
    // No flushHeaders(): the first event follows at once, and Node sends the headers with it in one write.
  }

  send(event: string, data: unknown): void {
    this.open();
    if (this.res.writableEnded || this.res.destroyed) return;
    // Events of one tick (pieces that arrived together) leave in one write; the next tick flushes them.
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(() => {
        this.corked = false;
        this.res.uncork();
      });
    }
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Sends the last event and ends the stream in one write. */
  finish(event: string, data: unknown): void {
    this.open();
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.end(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
