/**
 * The delivery process: webhook and mail delivery (the BullMQ worker, signing, the HTTP POSTs, the SMTP
 * exchanges, the delivery records) in a process of its own, forked by the server (delivery-process.supervisor.ts)
 * at the lowest OS priority, so that none of its CPU is a chat turn's. The durable queue in Redis is the same
 * either way. It is given the server's config over IPC (config is read once, by the server), tells the
 * server the deliveries that succeeded (the server writes them on the leads' timelines: the embedded store
 * has one writer) and what /metrics counts, and stops when the server says so or when the server is gone.
 */
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { closeGraceMs, type FromDeliveryProcess, type ToDeliveryProcess } from './delivery-messages.js';
import { runDeliveryWorker, type DeliveryWorkerRuntime } from './delivery-worker.runtime.js';

let logger: Logger | undefined;
let attemptTimeoutMs = 0;

let runtime: Promise<DeliveryWorkerRuntime> | undefined;
let stopping: Promise<void> | undefined;

function report(message: FromDeliveryProcess, sent?: () => void): void {
  // The server is gone (the channel closed): nobody to tell; `disconnect` below stops this process.
  if (!process.connected) return;
  process.send?.(message, undefined, undefined, () => sent?.());
}

function start(config: Config, redisUrl: string): void {
  logger = createLogger(config.logLevel).child({ process: 'delivery' });
  attemptTimeoutMs = config.deliveries.timeoutMs;
  runtime ??= runDeliveryWorker({ config, redisUrl, logger, report });
  runtime.then(
    () => report({ kind: 'ready' }),
    (err: unknown) => {
      logger?.fatal({ err }, 'delivery process could not start');
      process.exit(1);
    },
  );
}

/**
 * Finishes the attempts in flight (each bounded by DELIVERY_TIMEOUT_MS), reports `closed`, exits. Bounded
 * too: with Redis gone (the server killed with its managed Redis) BullMQ's close would wait for it for ever;
 * the jobs stay queued for the next start.
 */
function stop(): Promise<void> {
  stopping ??= (async () => {
    setTimeout(() => {
      logger?.error('delivery process: closing took too long; exiting');
      process.exit(1);
    }, closeGraceMs(attemptTimeoutMs)).unref();
    try {
      await (await runtime)?.close();
    } catch (err) {
      logger?.error({ err }, 'delivery process: closing failed');
    }
    if (!process.connected) process.exit(0);
    report({ kind: 'closed' }, () => process.exit(0));
  })();
  return stopping;
}

process.on('message', (message: ToDeliveryProcess) => {
  if (message.kind === 'start') start(message.config, message.redisUrl);
  else if (message.kind === 'ping') report({ kind: 'pong', id: message.id });
  else void stop();
});
// The server died without telling (SIGKILL): finish what is in flight and go; the queue keeps the rest.
process.on('disconnect', () => void stop());
// A terminal's Ctrl-C (SIGINT) or a supervisor's SIGTERM may reach the whole process group: the server
// decides when this process stops (after the events of its last requests are queued), so both are ignored.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
// As in the server: a failure nobody caught ends the process (the server starts another), after logging it.
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (err: unknown) => {
    logger?.fatal({ err }, `delivery process: ${event}`);
    process.exit(1);
  });
}
report({ kind: 'hello' });
