/**
 * What the server and its delivery process (delivery.process.ts) tell each other over the IPC channel. The
 * channel keeps order: a `pong` arrives after every message the process sent before it.
 */
import type { Config } from '../config.js';
import type { DeliveryOutcome } from './webhooks/delivery.worker.js';
import type { DeliveryChannel } from './webhooks/webhook.types.js';

/** Server → delivery process. */
export type ToDeliveryProcess =
  /** The server's config (read once, by the server) and the Redis it uses (a managed one has its own URL). */
  | { kind: 'start'; config: Config; redisUrl: string }
  | { kind: 'ping'; id: number }
  /** Stop taking jobs, finish the attempts in flight, report, exit. */
  | { kind: 'close' };

/** Delivery process → server. */
export type FromDeliveryProcess =
  /** Listening: the server may send `start`. */
  | { kind: 'hello' }
  | { kind: 'ready' }
  | { kind: 'counted'; channel: DeliveryChannel; outcome: DeliveryOutcome }
  | { kind: 'pong'; id: number }
  /** Sent last before a clean exit. */
  | { kind: 'closed' };

/**
 * How long the delivery process may take to close: its attempts in flight (each bounded by
 * DELIVERY_TIMEOUT_MS, a fan-out's two in a row) and its connections' own closing. The process exits by itself
 * past it; the server kills one that did not.
 */
export function closeGraceMs(attemptTimeoutMs: number): number {
  return attemptTimeoutMs * 2 + 5_000;
}
