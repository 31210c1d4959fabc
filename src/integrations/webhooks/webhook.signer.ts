/**
 * Standard Webhooks signing with the spec's reference implementation (`standardwebhooks`): HMAC-SHA256 over
 * `id.timestamp.body`, keyed by the endpoint's `whsec_…` secret, sent as `webhook-id`, `webhook-timestamp`
 * (seconds) and `webhook-signature` (`v1,<base64>`).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret: 32 random bytes (the spec asks for 24 to 64). */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
