/** Webhook endpoints and the delivery records of events (webhooks and staff mails alike). */
import type { LeadEventType } from '../lead-events.js';

export interface WebhookEndpoint {
  /** `ep_…` for endpoints admins add; `env` for WEBHOOK_URL. */
  id: string;
  url: string;
  type: EndpointType;
  /** `whsec_…` for standard endpoints; null for Slack and Discord, which are not signed. */
  secret: string | null;
  description: string | null;
  /** null for WEBHOOK_URL. */
  created_at: string | null;
  source: 'admin' | 'config';
}

/** An event on its way to the queue: `id` is the `webhook-id` of every delivery and attempt of it. */
export interface OutgoingEvent {
  id: string;
  type: LeadEventType;
  lead_id: string;
  /** The JSON body, serialized once so every attempt sends (and signs) the same bytes. */
  body: string;
}

export type DeliveryChannel = 'webhook' | 'mail';
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** One event to one endpoint (or to the staff's mail): its attempts so far and how the last one went. */
export interface DeliveryRecord {
  id: string;
  event_id: string;
  event_type: LeadEventType;
  lead_id: string;
  channel: DeliveryChannel;
  /** The endpoint's id, or `mail`. */
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: string;
  /** A failed attempt after this time is the last one (at least DELIVERY_RETRY_HOURS after the first try). */
  retry_until: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  /** The receiver's HTTP status (or the SMTP server's reply code). */
  last_status: number | null;
  /** The start of the receiver's answer. */
  last_response: string | null;
  last_error: string | null;
  /** Times an admin sent it again. */
  replays: number;
  body: string;
}

/** The queue's part of a delivery: a job per try of the delivery (a replay is a new one). */
export function attemptJobId(delivery: Pick<DeliveryRecord, 'id' | 'replays'>): string {
  return `${delivery.id}-${delivery.replays}`;
}

/** How one attempt went (a receiver's answer or an SMTP server's); senders never throw, they say. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  response: string | null;
  error: string | null;
  /** Trying again cannot help (the endpoint was removed): the delivery fails now. */
  final?: boolean;
}

/** `standard`: the event body, signed per Standard Webhooks; `slack`, `discord`: their incoming-webhook shapes. */
export const ENDPOINT_TYPES = ['standard', 'slack', 'discord'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
