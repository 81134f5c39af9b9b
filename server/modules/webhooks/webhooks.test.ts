import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { deliverWebhookHandler, WEBHOOK_DELIVERY_JOB } from './deliver-webhook.job.ts';
import { pruneDeliveries } from './webhooks.queries.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
}

/** A real HTTP receiver on loopback that answers with the statuses it is given, then 200. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses.shift() ?? 200;
      response.end(response.statusCode === 200 ? 'danke' : 'x'.repeat(5000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, statuses, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'ein-geheimnis-mit-genug-zeichen';
  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivate: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const deliveryJobs = () => t.db.handle.db.selectFrom('jobs').selectAll().where('kind', '=', WEBHOOK_DELIVERY_JOB).orderBy('id').execute();
  async function waitForJobs(count: number) {
    for (let i = 0; i < 200 && (await deliveryJobs()).length < count; i++) await new Promise((r) => setTimeout(r, 50));
    return deliveryJobs();
  }
  /** Runs the delivery jobs, retries included, until none is waiting. */
  async function deliverAll(allowPrivate: boolean) {
    const runner = new JobRunner({ db: t.db.handle.db, dialect, backoffBaseMs: 1 }).register(WEBHOOK_DELIVERY_JOB, deliverWebhookHandler({ dataDir: t.config.dataDir, allowPrivate }));
    for (let i = 0; i < 50; i++) {
      await runner.drain();
      if (!(await deliveryJobs()).some((j) => j.status === 'queued')) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('delivers signed ticket events to a real receiver, retries after a 500 with the same bytes, and logs every attempt', async () => {
    const { customer, agent } = await t.cast();
    const created = await t.admin.client.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['ticket.created', 'message.added'], secret });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      url: receiver.url,
      events: ['ticket.created', 'message.added'],
      active: true,
      includeInternal: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(created.body)).not.toContain(secret);
    const hookId = created.body.id as number;
    const stored = await t.db.handle.db.selectFrom('webhooks').select('secret').where('id', '=', hookId).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);
    expect((await agent.client.get('/api/v1/admin/webhooks')).status).toBe(403);

    const ticket = (await customer.client.post('/api/v1/tickets', { subject: 'Drucker streikt', body: 'Seit heute früh.' })).body;
    expect((await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Geheime Notiz zum Drucker', internal: true })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Wir schauen nach.' })).status).toBe(201);
    // created + the public reply; the internal note fires nothing for this webhook.
    expect((await waitForJobs(2)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await deliveryJobs()).length).toBe(2);

    receiver.statuses.push(500);
    await deliverAll(true);
    expect(receiver.received).toHaveLength(3);
    const ofEvent = (event: string) => receiver.received.filter((r) => JSON.parse(r.raw).event === event);
    const [failed, retried] = ofEvent('ticket.created') as [Received, Received];
    const [reply] = ofEvent('message.added') as [Received];
    expect(retried.raw).toBe(failed.raw);
    for (const r of receiver.received) {
      const expected = `sha256=${crypto.createHmac('sha256', secret).update(r.raw).digest('hex')}`;
      expect(r.headers['x-anlauf-signature']).toBe(expected);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const first = JSON.parse(retried.raw);
    expect(first).toEqual({ event: 'ticket.created', occurredAt: expect.any(String), ticket: expect.objectContaining({ id: ticket.id, subject: 'Drucker streikt' }) });
    expect(JSON.parse(reply.raw).event).toBe('message.added');
    expect(receiver.received.map((r) => r.raw).join('')).not.toContain('Geheime Notiz');

    const log = (await t.admin.client.get(`/api/v1/admin/webhooks/${hookId}/deliveries`)).body.items;
    expect(log.map((d: { event: string; statusCode: number; ok: boolean; attempt: number }) => [d.event, d.statusCode, d.ok, d.attempt]).sort()).toEqual([
      ['message.added', 200, true, 1],
      ['ticket.created', 200, true, 2],
      ['ticket.created', 500, false, 1],
    ]);
    const failedAttempt = log.find((d: { statusCode: number }) => d.statusCode === 500);
    expect(failedAttempt.error).toBe('HTTP 500');
    expect(failedAttempt.responseExcerpt).toHaveLength(300);
    expect((await deliveryJobs()).map((j) => j.status)).toEqual(['done', 'done']);
    // The log keeps the newest attempts only.
    await pruneDeliveries(t.db.handle.db, hookId, 2);
    expect((await t.admin.client.get(`/api/v1/admin/webhooks/${hookId}/deliveries`)).body.items.map((d: { id: number }) => d.id)).toEqual(log.slice(0, 2).map((d: { id: number }) => d.id));

    // The test delivery, even while inactive; then the webhook is removed with its log.
    expect((await t.admin.client.patch(`/api/v1/admin/webhooks/${hookId}`, { active: false, events: ['ticket.escalated'] })).body).toMatchObject({ active: false, events: ['ticket.escalated'] });
    expect((await t.admin.client.post(`/api/v1/admin/webhooks/${hookId}/test`)).status).toBe(202);
    await deliverAll(true);
    expect(JSON.parse(receiver.received.at(-1)!.raw)).toEqual({ event: 'webhook.test', occurredAt: expect.any(String), ticket: null });
    expect((await t.admin.client.delete(`/api/v1/admin/webhooks/${hookId}`)).status).toBe(204);
    expect((await t.admin.client.get(`/api/v1/admin/webhooks/${hookId}`)).status).toBe(404);
    const audit = await t.db.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'webhook').where('target_id', '=', hookId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook.changed', 'webhook.created', 'webhook.deleted']);
  });

  it('refuses private and loopback targets without ANLAUF_WEBHOOK_ALLOW_PRIVATE, at creation and at delivery', async () => {
    // The same app with the switch off (the routes read deps.config on every request).
    t.deps.config.webhookAllowPrivate = false;
    try {
      for (const url of [receiver.url, 'http://localhost:9/x', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest/meta-data']) {
        const res = await t.admin.client.post('/api/v1/admin/webhooks', { url, events: ['ticket.created'], secret });
        expect([url, res.status, res.body.error?.fields?.url]).toEqual([url, 400, expect.any(String)]);
      }
      const publicOne = await t.admin.client.post('/api/v1/admin/webhooks', { url: 'https://203.0.113.10/hook', events: ['ticket.created'], secret });
      expect(publicOne.status).toBe(201);
      expect((await t.admin.client.patch(`/api/v1/admin/webhooks/${publicOne.body.id}`, { url: 'http://127.0.0.1:1/x' })).status).toBe(400);
      await t.admin.client.delete(`/api/v1/admin/webhooks/${publicOne.body.id}`);
    } finally {
      t.deps.config.webhookAllowPrivate = true;
    }
    // Saved while allowed, delivered by a worker that does not allow it: refused, logged, not retried.
    const hook = (await t.admin.client.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['ticket.created'], secret })).body;
    const before = receiver.received.length;
    expect((await t.admin.client.post(`/api/v1/admin/webhooks/${hook.id}/test`)).status).toBe(202);
    await deliverAll(false);
    expect(receiver.received.length).toBe(before);
    const log = (await t.admin.client.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^Refused/) });
  });

  it('maps ticket changes to ticket.updated and sends internal notes only to webhooks that chose them', async () => {
    const customer = await t.user({ role: 'customer' });
    const agent = await t.user({ role: 'agent' });
    const hook = (await t.admin.client.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['ticket.updated', 'message.added'], secret, includeInternal: true })).body;
    const ticket = (await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Seit gestern.' })).body;
    expect((await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, priority: 'high' })).status).toBe(200);
    expect((await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Interne Notiz', internal: true })).status).toBe(201);
    const mine = async () => (await deliveryJobs()).map((j) => JSON.parse(j.payload) as { webhookId: number; event: string; body: string }).filter((p) => p.webhookId === hook.id);
    for (let i = 0; i < 200 && (await mine()).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const payloads = await mine();
    expect(payloads.map((p) => p.event)).toEqual(['ticket.updated', 'message.added']);
    const updated = JSON.parse(payloads[0]!.body);
    expect(updated.ticket).toMatchObject({ id: ticket.id, priority: 'high' });
    // Only the ticket object travels, never the note's text.
    expect(payloads.map((p) => p.body).join('')).not.toContain('Interne Notiz');
  });
});
