import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDispatcher } from '../../platform/events/dispatcher.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('event subscribers for admins on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
  });
  afterAll(() => t.close());

  it('shows each subscriber with its backlog and the events one gave up on; others get 403', async () => {
    const created = await cast.customer.client.post('/api/v1/tickets', { subject: 'Webhook', body: 'Bitte melden.' });
    expect(created.status).toBe(201);
    // A subscriber whose target is down for good: after its one attempt the event is parked.
    const broken = new EventDispatcher({
      db: t.db.handle.db,
      dialect,
      maxAttempts: 1,
      subscribers: [{ name: 'webhook-test', events: ['ticket.created'], handle: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')) }],
    });
    await broken.drain();
    await t.dispatcher.drain();

    const subscriptions = await t.admin.client.get('/api/v1/admin/event-subscriptions');
    expect(subscriptions.status).toBe(200);
    const names = subscriptions.body.items.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['live-events', 'notifications', 'webhook-test']));
    for (const s of subscriptions.body.items) expect(s).toMatchObject({ behind: 0, attempts: 0, lastError: null });

    const failures = await t.admin.client.get('/api/v1/admin/event-failures?subscriber=webhook-test');
    expect(failures.body.items).toEqual([
      expect.objectContaining({ subscriber: 'webhook-test', eventType: 'ticket.created', aggregateId: created.body.id, attempts: 1, error: 'connect ECONNREFUSED 127.0.0.1:9' }),
    ]);
    for (const who of [cast.agent, cast.customer]) {
      expect((await who.client.get('/api/v1/admin/event-subscriptions')).status).toBe(403);
      expect((await who.client.get('/api/v1/admin/event-failures')).status).toBe(403);
    }
  });
});
