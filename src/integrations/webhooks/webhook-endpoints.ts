/** Every endpoint events go to: WEBHOOK_URL (id `env`, from the config) and those admins added (the store). */
import type { Config } from '../../config.js';
import type { WebhookStore } from './webhook.store.js';
import type { WebhookEndpoint } from './webhook.types.js';

export const CONFIG_ENDPOINT_ID = 'env';

export class WebhookEndpoints {
  private readonly configured: WebhookEndpoint | undefined;

  constructor(
    private readonly store: WebhookStore,
    webhook: Config['webhook'],
  ) {
    this.configured = webhook && {
      id: CONFIG_ENDPOINT_ID,
      url: webhook.url,
      type: 'standard',
      secret: webhook.secret,
      description: 'WEBHOOK_URL',
      created_at: null,
      source: 'config',
    };
  }

  async list(): Promise<WebhookEndpoint[]> {
    const added = await this.store.listEndpoints();
    return this.configured ? [this.configured, ...added] : added;
  }

  /** Whether events have anywhere to go as webhooks. */
  async exist(): Promise<boolean> {
    return this.configured !== undefined || (await this.store.hasEndpoints());
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    if (id === CONFIG_ENDPOINT_ID) return this.configured;
    return this.store.getEndpoint(id);
  }
}
