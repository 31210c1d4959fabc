/**
 * Decisions that must be taken one at a time across instances (a conversation's meeting "yes", a visitor's
 * cancel on the meeting page): a lock per key in Redis, shared by every instance on it.
 *
 * - Taken with `SET key token NX PX ttl`; given back only by its holder (a script compares the token).
 * - While the work runs, the holder extends the lock (every ttl/3), so a slow Google call never lets a
 *   second instance in; a holder that died (SIGKILL) frees the key when its ttl runs out.
 * - Each taking gets a fencing token (a counter per key, INCR): the work receives it and can check, before
 *   a write that must not happen twice, that no later holder has taken the key (`stillHolds`).
 * - Tasks of one process for the same key queue in memory first, so they do not poll Redis against
 *   each other.
 * Redis down: the work does not run; the caller gets the 503 every Redis failure maps to.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from './app-error.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { redisOp, type Redis } from './redis.client.js';
import { retryWithBackoff } from './retry.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface LockOptions {
  /** How long a lock lives without its holder extending it (a dead holder's lock frees after this). */
  ttlMs?: number;
  /** How long a task waits for the lock before giving up with a 503. */
  waitMs?: number;
}

export interface HeldLock {
  /** Grows by one each time the key is taken: a later holder always has a larger token. */
  fence: number;
  /** True while this holder still has the key (no expiry let another instance in). */
  stillHolds(): Promise<boolean>;
}

/** Thrown inside the polling loop while another holder has the key. */
const BUSY = new Error('lock held by another holder');

export class RedisKeyedLock {
  private readonly local = new KeyedSerializer();
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: LockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.waitMs = options.waitMs ?? this.ttlMs + 5_000;
  }

  run<T>(key: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.runHeld(`lock:${this.prefix}:${key}`, task));
  }

  private async runHeld<T>(lockKey: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
    const token = randomBytes(16).toString('hex');
    await this.acquire(lockKey, token);
    const fence = await redisOp(this.redis, (r) => r.incr(`${lockKey}:fence`));
    const extender = setInterval(() => {
      this.redis.eval(EXTEND, 1, lockKey, token, String(this.ttlMs)).catch(() => undefined);
    }, this.ttlMs / 3);
    extender.unref();
    const held: HeldLock = {
      fence,
      stillHolds: async () => (await redisOp(this.redis, (r) => r.get(lockKey))) === token,
    };
    try {
      return await task(held);
    } finally {
      clearInterval(extender);
      // A lock we could not give back frees itself after its ttl.
      await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  /** Polls for the key with the server's one backoff loop (jittered), until it is free or the wait is over. */
  private async acquire(lockKey: string, token: string): Promise<void> {
    const taken = () => redisOp(this.redis, (r) => r.set(lockKey, token, 'PX', this.ttlMs, 'NX'));
    try {
      await retryWithBackoff(
        async () => {
          if ((await taken()) !== 'OK') throw BUSY;
        },
        { attempts: Number.MAX_SAFE_INTEGER, baseDelayMs: 20, maxDelayMs: 250, deadline: Date.now() + this.waitMs },
        { shouldRetry: (err) => err === BUSY },
      );
    } catch (err) {
      if (err !== BUSY) throw err;
      throw new AppError('conflict', 'This conversation is busy with another request. Please try again.');
    }
  }
}
