import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../../platform/http/context.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { invalid } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { nowIso } from '../../platform/db/database.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { createWebhookBody, updateWebhookBody, webhookDeliveryListSchema, webhookListSchema, webhookParams, webhookSchema, webhookTestResponse } from '../../../shared/contracts/webhooks.ts';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryPayload } from './deliver-webhook.job.ts';
import { checkWebhookTarget } from './target-address.ts';
import { insertWebhook, listDeliveries, loadWebhook, presentWebhook, updateWebhook, webhookKey } from './webhooks.queries.ts';

/** Webhooks (admins): create, change, remove, the deliveries log and a test delivery. */
export async function webhookRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['webhooks'];
  const key = () => webhookKey(deps.config.dataDir);
  const checkUrl = async (url: string | undefined) => {
    if (url === undefined) return;
    const problem = await checkWebhookTarget(url.trim(), deps.config.webhookAllowPrivate);
    if (problem) throw invalid(`This address cannot receive webhooks: ${problem}`, { url: problem });
  };
  const audit = (request: FastifyRequest, action: 'webhook.created' | 'webhook.changed' | 'webhook.deleted', id: number, url: string, details?: Record<string, string | boolean>) =>
    recordAudit(deps.db, { ...auditOrigin(request), action, target: { type: 'webhook', id, label: url }, details });

  app.get('/admin/webhooks', { schema: { tags, summary: 'Every webhook', response: { 200: webhookListSchema } } }, async (request) => {
    requireAdmin(request);
    const rows = await deps.db.selectFrom('webhooks').selectAll().orderBy('id').execute();
    return { items: rows.map(presentWebhook) };
  });

  app.post(
    '/admin/webhooks',
    { schema: { tags, summary: 'Create a webhook (private and loopback targets are refused)', body: createWebhookBody, response: { 201: webhookSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      await checkUrl(request.body.url);
      const row = await insertWebhook(deps.db, key(), request.body);
      await audit(request, 'webhook.created', row.id, row.url, { events: request.body.events.join(', ') });
      return reply.status(201).send(presentWebhook(row));
    },
  );

  app.get('/admin/webhooks/:id', { schema: { tags, summary: 'One webhook', params: webhookParams, response: { 200: webhookSchema } } }, async (request) => {
    requireAdmin(request);
    return presentWebhook(await loadWebhook(deps.db, request.params.id));
  });

  app.patch(
    '/admin/webhooks/:id',
    { schema: { tags, summary: 'Change address, events, secret or whether it is active', params: webhookParams, body: updateWebhookBody, response: { 200: webhookSchema } } },
    async (request) => {
      requireAdmin(request);
      await checkUrl(request.body.url);
      const row = await updateWebhook(deps.db, key(), request.params.id, request.body);
      const changed = Object.keys(request.body).join(', ');
      await audit(request, 'webhook.changed', row.id, row.url, { changed });
      return presentWebhook(row);
    },
  );

  app.delete('/admin/webhooks/:id', { schema: { tags, summary: 'Remove a webhook and its deliveries log', params: webhookParams } }, async (request, reply) => {
    requireAdmin(request);
    const row = await loadWebhook(deps.db, request.params.id);
    await deps.db.deleteFrom('webhooks').where('id', '=', row.id).execute();
    await audit(request, 'webhook.deleted', row.id, row.url);
    return reply.status(204).send();
  });

  app.get(
    '/admin/webhooks/:id/deliveries',
    { schema: { tags, summary: 'The last 50 delivery attempts: status, duration, error', params: webhookParams, response: { 200: webhookDeliveryListSchema } } },
    async (request) => {
      requireAdmin(request);
      await loadWebhook(deps.db, request.params.id);
      return { items: await listDeliveries(deps.db, request.params.id) };
    },
  );

  app.post(
    '/admin/webhooks/:id/test',
    { schema: { tags, summary: 'Queue a test delivery (event webhook.test, ticket null)', params: webhookParams, response: { 202: webhookTestResponse } } },
    async (request, reply) => {
      requireAdmin(request);
      const row = await loadWebhook(deps.db, request.params.id);
      const payload: WebhookDeliveryPayload = { webhookId: row.id, event: 'webhook.test', body: JSON.stringify({ event: 'webhook.test', occurredAt: nowIso(), ticket: null }), test: true };
      // One attempt: the admin watches the log and tries again by hand.
      const jobId = await enqueue(deps.db, WEBHOOK_DELIVERY_JOB, payload, { maxAttempts: 1 });
      return reply.status(202).send({ jobId });
    },
  );
}
