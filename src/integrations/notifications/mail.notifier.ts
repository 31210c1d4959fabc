/**
 * Staff mail through nodemailer (SMTP_URL): one mail per new lead and per meeting request, with the lead's
 * details and a link to it in the workspace. One attempt per call, bounded by the delivery timeout; the
 * failure is returned (the queue retries), never thrown.
 */
import { createTransport, type Mail, type SMTPPoolOptions, type SMTPPoolSentMessageInfo } from 'nodemailer';
import type { MailConfig } from '../../config.js';
import type { Logger } from '../../infra/logger.js';
import type { LeadEventBody } from '../lead-events.js';
import { summarizeEvent, type SummaryOptions } from '../event-summary.js';
import type { AttemptResult } from '../webhooks/webhook.types.js';

export interface MailMessage {
  subject: string;
  text: string;
}

/** Line breaks and other controls have no place in a subject (header injection, broken clients). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function composeMail(body: LeadEventBody, options: SummaryOptions): MailMessage {
  const summary = summarizeEvent(body, options);
  const width = Math.max(...summary.lines.map(([label]) => label.length), 0) + 2;
  const details = summary.lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
  const intro =
    body.type === 'meeting.requested'
      ? 'A visitor asked for a meeting; the calendar could not book it, so the team confirms it by email.'
      : 'A new lead came in.';
  return {
    subject: oneLine(summary.title).slice(0, 200),
    text: `${intro}\n\n${details}\n\nOpen the lead: ${summary.leadUrl}\n`,
  };
}

export class MailNotifier {
  private readonly transport: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

  constructor(
    private readonly mail: MailConfig,
    private readonly options: SummaryOptions & { timeoutMs: number },
    logger: Logger,
  ) {
    const { timeoutMs } = options;
    // Pooled: a few connections reused for many mails (no connect, greeting and login per mail); an idle one
    // closes after the timeout.
    this.transport = createTransport({
      pool: true,
      maxConnections: 2,
      url: mail.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    // A pooled connection failing while idle is dropped by the pool; an error event must not go unheard.
    this.transport.on('error', (err: Error) => logger.warn({ err: err.message }, 'mail transport error'));
  }

  /** Sends the mail of `body`; `eventId` makes its Message-ID, the same on every attempt and replay. */
  async send(eventId: string, body: LeadEventBody): Promise<AttemptResult> {
    const message = composeMail(body, this.options);
    const host = new URL(this.options.publicUrl).hostname || 'localhost';
    try {
      const info = await this.transport.sendMail({
        from: this.mail.from,
        to: this.mail.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${eventId}@${host}>`,
      });
      const response = String(info.response ?? '');
      return { ok: true, status: Number(/^\d{3}/.exec(response)?.[0] ?? 250), response, error: null };
    } catch (err) {
      const error = err as Error & { responseCode?: number; response?: string };
      return {
        ok: false,
        status: error.responseCode ?? null,
        response: error.response ?? null,
        error: error.message,
      };
    }
  }

  close(): void {
    this.transport.close();
  }
}
