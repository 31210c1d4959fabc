/** Webhook endpoints and deliveries (admin, mounted at /webhooks; see docs/api-notes.md). */
import { Router } from 'express';
import { z } from 'zod';
import { sendSuccess } from '../../http/envelope.js';
import { pageQueryFields, parseInput, requireJsonBody } from '../../http/validate.js';
import type { WebhookService } from './webhook.service.js';
import { ENDPOINT_TYPES } from './webhook.types.js';

export const addEndpointSchema = z.object({
  url: z
    .string({ error: 'must be a string' })
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })),
  type: z.enum(ENDPOINT_TYPES, { error: `must be one of ${ENDPOINT_TYPES.join(', ')}` }).default('standard'),
  description: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
});

export const deliveryListSchema = z.object(pageQueryFields);

export function webhookRoutes(webhooks: WebhookService): Router {
  const router = Router();

  router.get('/endpoints', async (_req, res) => {
    sendSuccess(res, { endpoints: await webhooks.listEndpoints() });
  });

  router.post('/endpoints', requireJsonBody, async (req, res) => {
    const endpoint = await webhooks.addEndpoint(parseInput(addEndpointSchema, req.body));
    const note = endpoint.secret ? ': keep its secret now, it is not shown again' : '';
    sendSuccess(res, { endpoint }, `Endpoint added${note}`, 201);
  });

  router.delete('/endpoints/:id', async (req, res) => {
    sendSuccess(res, { endpoint: await webhooks.removeEndpoint(req.params.id) }, 'Endpoint removed');
  });

  router.get('/deliveries', async (req, res) => {
    const page = parseInput(deliveryListSchema, req.query);
    sendSuccess(res, { ...(await webhooks.listDeliveries(page)), ...page });
  });

  router.get('/deliveries/:id', async (req, res) => {
    const { body, ...delivery } = await webhooks.getDelivery(req.params.id);
    sendSuccess(res, { delivery: { ...delivery, body: JSON.parse(body) as unknown } });
  });

  router.post('/deliveries/:id/replay', async (req, res) => {
    sendSuccess(res, { delivery: await webhooks.replay(req.params.id) }, 'Delivery queued again', 202);
  });

  return router;
}
