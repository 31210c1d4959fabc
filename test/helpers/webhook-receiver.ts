/**
 * A webhook receiver on loopback, as a team's own server would be: it records every request (headers and the
 * raw body, what a signature is checked against) and answers with the statuses the test queues (then 200),
 * or hangs. Tests wait for requests by predicate; the test's own timeout bounds the wait.
 */
import http from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The status this receiver answered. */
  status: number;
}

export type ReceiverAnswer = number | 'hang';

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order (then `fallback`). */
  answer(...answers: ReceiverAnswer[]): void;
  /** What every request gets once the queued answers are used (200 unless changed). */
  fallback: ReceiverAnswer;
  /** Answers this long after a request arrived (a slow receiver; 0 unless changed). */
  delayMs: number;
  /** Resolves with the first request (already received or coming) that matches. */
  waitFor(match: (r: ReceivedRequest) => boolean): Promise<ReceivedRequest>;
  /** Resolves once `count` requests matched. */
  waitForCount(count: number, match?: (r: ReceivedRequest) => boolean): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queued: ReceiverAnswer[] = [];
  const waiters: Array<() => void> = [];
  const receiver = {
    requests: [] as ReceivedRequest[],
    fallback: 200 as ReceiverAnswer,
    delayMs: 0,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = queued.shift() ?? receiver.fallback;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      receiver.requests.push({
        path: req.url ?? '/',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: answer === 'hang' ? 0 : answer,
      });
      for (const wake of waiters.splice(0)) wake();
      if (answer === 'hang') return;
      setTimeout(() => {
        res.writeHead(answer, { 'content-type': 'text/plain' });
        res.end(answer >= 200 && answer < 300 ? 'ok' : `receiver says ${answer}`);
      }, receiver.delayMs);
    });
  });
  const served = await serveOnLoopback(server);
  const waitForCount = async (count: number, match: (r: ReceivedRequest) => boolean = () => true) => {
    for (;;) {
      const found = receiver.requests.filter(match);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return Object.assign(receiver, {
    url: served.url,
    answer: (...answers: ReceiverAnswer[]) => {
      queued.push(...answers);
    },
    waitFor: async (match: (r: ReceivedRequest) => boolean) => (await waitForCount(1, match))[0] as ReceivedRequest,
    waitForCount,
    close: served.close,
  });
}

/** The parsed JSON body of a request. */
export function jsonOf<T = { type: string; timestamp: string; data: Record<string, unknown> }>(r: ReceivedRequest): T {
  return JSON.parse(r.body) as T;
}
