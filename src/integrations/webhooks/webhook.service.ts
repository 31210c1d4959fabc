/**
 * The admins' side of webhooks: endpoints (add with a new secret shown once, list, remove), deliveries (list,
 * one with its body, replay). WEBHOOK_URL is listed but managed by the environment.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../infra/app-error.js';
import type { DeliveryQueue } from './delivery.queue.js';
import { CONFIG_ENDPOINT_ID, type WebhookEndpoints } from './webhook-endpoints.js';
import { newEndpointSecret } from './webhook.signer.js';
import type { DeliveryPage, WebhookStore } from './webhook.store.js';
import type { DeliveryRecord, EndpointType, WebhookEndpoint } from './webhook.types.js';

/** Endpoints admins may add (each event goes to every one of them). */
export const MAX_ENDPOINTS = 50;

export interface WebhookServiceDeps {
  store: WebhookStore;
  endpoints: WebhookEndpoints;
  /** Absent in an app built without the queue: replays answer 503. */
  queue: DeliveryQueue | undefined;
  retryWindowMs: number;
}

/** An endpoint as admins see it: never its secret; a Slack or Discord URL (itself the credential) masked. */
export type EndpointView = Omit<WebhookEndpoint, 'secret'> & { signed: boolean };

/** A delivery in a list: without the body it carries. */
export type DeliverySummary = Omit<DeliveryRecord, 'body'>;

function maskUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}/…${u.pathname.slice(-4)}`;
}

export function viewOf(endpoint: WebhookEndpoint): EndpointView {
  const { secret, ...rest } = endpoint;
  return { ...rest, url: endpoint.type === 'standard' ? endpoint.url : maskUrl(endpoint.url), signed: secret !== null };
}

export function summaryOf(delivery: DeliveryRecord): DeliverySummary {
  const { body: _body, ...rest } = delivery;
  return rest;
}

export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async listEndpoints(): Promise<EndpointView[]> {
    return (await this.deps.endpoints.list()).map(viewOf);
  }

  /** Adds an endpoint; a standard one gets a new secret, returned here and never again. */
  async addEndpoint(input: {
    url: string;
    type: EndpointType;
    description?: string | undefined;
  }): Promise<EndpointView & { secret: string | null }> {
    const { store } = this.deps;
    if ((await store.listEndpoints()).length >= MAX_ENDPOINTS) {
      throw new AppError('conflict', `At most ${MAX_ENDPOINTS} endpoints; remove one first.`);
    }
    const endpoint: WebhookEndpoint = {
      id: `ep_${randomBytes(8).toString('hex')}`,
      url: input.url,
      type: input.type,
      secret: input.type === 'standard' ? newEndpointSecret() : null,
      description: input.description ?? null,
      created_at: new Date().toISOString(),
      source: 'admin',
    };
    await store.addEndpoint(endpoint);
    return { ...viewOf(endpoint), secret: endpoint.secret };
  }

  async removeEndpoint(id: string): Promise<EndpointView> {
    if (id === CONFIG_ENDPOINT_ID) {
      throw new AppError('conflict', 'This endpoint is WEBHOOK_URL: change the environment to remove it.');
    }
    const removed = await this.deps.store.removeEndpoint(id);
    if (!removed) throw new AppError('not_found', 'No endpoint with this id');
    return viewOf(removed);
  }

  async listDeliveries(page: DeliveryPage): Promise<{ deliveries: DeliverySummary[]; total: number }> {
    const { deliveries, total } = await this.deps.store.listDeliveries(page);
    return { deliveries: deliveries.map(summaryOf), total };
  }

  async getDelivery(id: string): Promise<DeliveryRecord> {
    const delivery = await this.deps.store.getDelivery(id);
    if (!delivery) throw new AppError('not_found', 'No delivery with this id (they are kept 14 days)');
    return delivery;
  }

  /**
   * Sends a delivery again (same event, same `webhook-id`, so a receiver that keeps ids knows it), with a new
   * retry window. One still being tried is refused: it would arrive twice.
   */
  async replay(id: string): Promise<DeliverySummary> {
    const { queue, store } = this.deps;
    if (!queue) throw new AppError('redis_unavailable', 'The delivery queue is not running.');
    const delivery = await this.getDelivery(id);
    if (await queue.isQueued(delivery)) {
      throw new AppError('conflict', 'This delivery is still being tried; replay it once it is delivered or failed.');
    }
    const now = new Date(); // the worker's clock: retry windows are real time
    const again: DeliveryRecord = {
      ...delivery,
      status: 'pending',
      replays: delivery.replays + 1,
      retry_until: new Date(now.getTime() + this.deps.retryWindowMs).toISOString(),
    };
    await store.saveDelivery(again);
    await queue.enqueueAttempts([again]);
    return summaryOf(again);
  }
}
