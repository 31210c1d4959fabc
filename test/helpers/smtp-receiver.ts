/**
 * A real SMTP server on loopback (the `smtp-server` package) that the suite starts: it checks the login of
 * SMTP_URL, keeps every message it accepted, and can refuse the next ones with a temporary error (451).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'notify@example.com';
export const SMTP_PASS = 'smtp-test-pass';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as sent (headers and body). */
  raw: string;
  /** Header values by lower-case name (unfolded). */
  headers: Record<string, string>;
  /** The body, decoded when quoted-printable. */
  text: string;
}

export interface SmtpReceiver {
  /** SMTP_URL for the app, with the login. */
  url: string;
  mails: ReceivedMail[];
  /** Messages refused so far. */
  refused: number;
  /** Refuses the next `count` messages with 451. */
  refuseNext(count: number): void;
  waitForCount(count: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseMail(raw: string): Pick<ReceivedMail, 'headers' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const qp = /quoted-printable/i.test(headers['content-transfer-encoding'] ?? '');
  return { headers, text: qp ? decodeQuotedPrintable(body) : body };
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  let toRefuse = 0;
  const waiters: Array<() => void> = [];
  const state = { mails: [] as ReceivedMail[], refused: 0 };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS offered, and AUTH allowed without it.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse--;
          state.refused++;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = session.envelope;
        state.mails.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        for (const wake of waiters.splice(0)) wake();
        callback(null, 'Message queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://${encodeURIComponent(SMTP_USER)}:${SMTP_PASS}@127.0.0.1:${port}`,
    refuseNext: (count: number) => {
      toRefuse = count;
    },
    waitForCount: async (count: number) => {
      while (state.mails.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return state.mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
