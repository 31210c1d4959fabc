/**
 * The server's side of the delivery process (delivery.process.ts): forks it at the lowest OS priority (a chat
 * turn always comes first; under a full CPU deliveries wait in the durable queue, they are not lost), when
 * first asked to (deliveries.ts asks once there is something to deliver), starts another when it dies (with
 * a growing pause if it keeps dying), hands on what it reports, and at shutdown tells it to finish its
 * attempts in flight and waits for it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { FromDeliveryProcess, ToDeliveryProcess } from './delivery-messages.js';

/** delivery.process.js beside this file (delivery.process.ts when run from the sources, by tsx). */
const PROCESS_SCRIPT = fileURLToPath(
  new URL(`./delivery.process${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** Pauses before starting it again: doubling from the first, at most the last; reset once one ran a minute. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

export interface DeliveryProcessOptions {
  config: Config;
  redisUrl: string;
  logger: Logger;
  /** Each message the process sends (but those of the start-up and shutdown handshakes). */
  onMessage(message: FromDeliveryProcess): void;
}

export class DeliveryProcess {
  private child: ChildProcess | undefined;
  /** Asked for once: from then on one runs (or is about to be started again) until close(). */
  private wanted = false;
  private closing = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly pings = new Map<number, () => void>();
  /** Processes that said hello: they listen, and may have taken jobs once started. */
  private readonly greeted = new WeakSet<ChildProcess>();
  private nextPing = 0;

  constructor(private readonly options: DeliveryProcessOptions) {}

  /** Forks the process unless one was already asked for (or the server is closing). Cheap to call often. */
  ensureRunning(): void {
    if (this.wanted || this.closing) return;
    this.wanted = true;
    this.fork();
  }

  private fork(): void {
    const { config, redisUrl, logger } = this.options;
    const startedAt = Date.now();
    const child = fork(PROCESS_SCRIPT, [], {
      // The server's node flags (tsx's loader when run from the sources), but never a second inspector on its port.
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    try {
      // Never without a pid: setPriority(0, …) would lower the server's own priority.
      if (child.pid !== undefined) os.setPriority(child.pid, os.constants.priority.PRIORITY_LOW);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'delivery process: could not lower its priority');
    }
    child.on('message', (message: FromDeliveryProcess) => {
      if (message.kind === 'hello') {
        this.greeted.add(child);
        this.send(child, { kind: 'start', config, redisUrl });
      } else if (message.kind === 'pong') this.pings.get(message.id)?.();
      else this.options.onMessage(message);
    });
    child.on('error', (err) => logger.warn({ err: err.message }, 'delivery process: channel error'));
    // 'close', not 'exit': every message it sent has been handed on by then.
    child.once('close', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const resolve of this.pings.values()) resolve();
      this.pings.clear();
      if (this.closing) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.restarts = 0;
      const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** this.restarts++);
      logger.error({ code, signal, restartInMs: delay }, 'delivery process exited: starting another');
      this.restartTimer = setTimeout(() => this.fork(), delay);
    });
  }

  /** Resolves once every message the process sent before now has been handed on (or it is not running). */
  settled(): Promise<void> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve();
    const id = ++this.nextPing;
    const answered = new Promise<void>((resolve) => this.pings.set(id, resolve));
    this.send(child, { kind: 'ping', id });
    return answered.finally(() => this.pings.delete(id));
  }

  /**
   * Tells the process to stop taking jobs and waits while it finishes the attempts in flight (each bounded
   * by DELIVERY_TIMEOUT_MS); past `graceMs` it is killed (its jobs stay in the queue: the next start retries).
   */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const timer = setTimeout(() => {
      this.options.logger.error('delivery process did not stop in time: killed');
      child.kill('SIGKILL');
    }, graceMs);
    // One still loading its modules would not hear the message (nor has it taken a job): it is ended.
    if (child.connected && this.greeted.has(child)) this.send(child, { kind: 'close' });
    else child.kill('SIGKILL');
    await exited;
    clearTimeout(timer);
  }

  private send(child: ChildProcess, message: ToDeliveryProcess): void {
    if (!child.connected) return;
    child.send(message, (err) => {
      if (err) this.options.logger.warn({ err: err.message }, 'delivery process: message not sent');
    });
  }
}
