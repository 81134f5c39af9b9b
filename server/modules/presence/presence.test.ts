import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import type { LiveEvent } from '../../platform/events/event-bus.ts';

describe.each(DIALECTS)('presence on %s', (dialect) => {
  let t: TestApp;
  let anna: TestUser;
  let ben: TestUser;
  let specialist: TestUser;
  let customer: TestUser;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const network = await t.group('Netzwerk', 'specialist');
    anna = await t.user({ role: 'agent', name: 'Anna Agent' });
    ben = await t.user({ role: 'agent', name: 'Ben Bearbeiter' });
    specialist = await t.user({ role: 'agent', name: 'Nils Netzwerk', groupIds: [network] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    ticketId = (await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Seit gestern.' })).body.id;
  });
  afterAll(() => t.close());

  it('shows two agents on one ticket to each other, with typing and leaving', async () => {
    const events: LiveEvent[] = [];
    const off = t.deps.events.subscribe((e) => events.push(e));
    try {
      const first = await anna.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'viewing' });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ items: [] });

      const second = await ben.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'typing' });
      expect(second.body.items).toEqual([{ user: { id: anna.id, name: 'Anna Agent' }, state: 'viewing', since: expect.any(String) }]);

      const annaSees = await anna.client.get(`/api/v1/tickets/${ticketId}/presence`);
      expect(annaSees.body.items).toEqual([{ user: { id: ben.id, name: 'Ben Bearbeiter' }, state: 'typing', since: expect.any(String) }]);

      // Repeating the same state keeps "since" and tells nobody.
      const since = annaSees.body.items[0].since as string;
      await ben.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'typing' });
      expect((await anna.client.get(`/api/v1/tickets/${ticketId}/presence`)).body.items[0].since).toBe(since);

      await ben.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'left' });
      expect((await anna.client.get(`/api/v1/tickets/${ticketId}/presence`)).body.items).toEqual([]);

      const presence = events.filter((e) => e.type === 'presence');
      expect(presence.map((e) => e.data)).toEqual([
        { user: { id: anna.id, name: 'Anna Agent' }, state: 'viewing' },
        { user: { id: ben.id, name: 'Ben Bearbeiter' }, state: 'typing' },
        { user: { id: ben.id, name: 'Ben Bearbeiter' }, state: 'left' },
      ]);
      expect(presence.every((e) => e.agentsOnly && e.ticketId === ticketId)).toBe(true);
    } finally {
      off();
    }
  });

  it('forgets agents whose presence expired', async () => {
    await ben.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'viewing' });
    // The browser closed without saying "left": its row runs out.
    await t.db.handle.db
      .withTables<{ ticket_presence: { ticket_id: number; user_id: number; expires_at: string } }>()
      .updateTable('ticket_presence')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', ben.id)
      .execute();
    expect((await anna.client.get(`/api/v1/tickets/${ticketId}/presence`)).body.items).toEqual([]);
  });

  it('keeps customers and agents of other groups out', async () => {
    expect((await customer.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'viewing' })).status).toBe(403);
    expect((await customer.client.get(`/api/v1/tickets/${ticketId}/presence`)).status).toBe(403);
    expect((await specialist.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'viewing' })).status).toBe(404);
    expect((await specialist.client.get(`/api/v1/tickets/${ticketId}/presence`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/tickets/${ticketId}/presence`)).status).toBe(401);
    const bad = await anna.client.post(`/api/v1/tickets/${ticketId}/presence`, { state: 'dancing' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.state).toBeTruthy();
    expect((await anna.client.post('/api/v1/tickets/999999/presence', { state: 'viewing' })).status).toBe(404);
  });
});
