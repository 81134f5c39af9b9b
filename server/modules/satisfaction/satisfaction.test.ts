import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

describe.each(DIALECTS)('satisfaction ratings on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let colleague: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.organisation('Teilt GmbH', { sharesTickets: true });
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer', organisationId: org });
    colleague = await t.user({ role: 'customer', organisationId: org });
    stranger = await t.user({ role: 'customer' });
  });
  afterAll(() => t.close());

  async function resolvedTicket(): Promise<{ id: number; version: number }> {
    const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'Passwort vergessen', body: 'Bitte zurücksetzen' });
    const { body: resolved } = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'resolved' });
    return resolved;
  }

  it('lets the requester rate a resolved ticket once per resolution, replacing an earlier rating', async () => {
    const ticket = await resolvedTicket();
    expect((await customer.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).body).toEqual({ satisfaction: null });

    const first = await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 4, comment: 'Schnell, danke!' });
    expect(first.status).toBe(200);
    expect(first.body.satisfaction).toMatchObject({ rating: 4, comment: 'Schnell, danke!' });
    const second = await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 5 });
    expect(second.body.satisfaction).toMatchObject({ rating: 5, comment: '', createdAt: first.body.satisfaction.createdAt });

    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).body.satisfaction).toMatchObject({ rating: 5 });
    // Closing a resolved ticket is still the same resolution: rating again replaces.
    await customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'closed' });
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 3 })).body.satisfaction).toMatchObject({ rating: 3, createdAt: first.body.satisfaction.createdAt });
    const history = (await customer.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items.filter((e: { field: string }) => e.field === 'satisfaction');
    expect(history.map((e: { oldValue: string | null; newValue: string }) => [e.oldValue, e.newValue])).toEqual([
      [null, '4'],
      ['4', '5'],
      ['5', '3'],
    ]);
    const count = await t.db.handle.db
      .withTables<{ satisfaction_ratings: { ticket_id: number } }>()
      .selectFrom('satisfaction_ratings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('keeps a new rating for a new resolution after reopening', async () => {
    const ticket = await resolvedTicket();
    await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 2 });
    const reopened = await customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'open' });
    const notNow = await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 1 });
    expect(notNow.status).toBe(409);
    await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: reopened.body.version, status: 'closed' });
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 5 })).status).toBe(200);
    expect((await customer.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).body.satisfaction.rating).toBe(5);
    const count = await t.db.handle.db
      .withTables<{ satisfaction_ratings: { ticket_id: number } }>()
      .selectFrom('satisfaction_ratings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('lets nobody but the requester rate, and only requester and agents read it', async () => {
    const { body: open } = await customer.client.post('/api/v1/tickets', { subject: 'Offen', body: 'x' });
    expect((await customer.client.post(`/api/v1/tickets/${open.id}/satisfaction`, { rating: 3 })).status).toBe(409);
    const ticket = await resolvedTicket();
    expect((await agent.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 5 })).status).toBe(403);
    expect((await colleague.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 1 })).status).toBe(403);
    expect((await colleague.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).status).toBe(403);
    expect((await stranger.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 1 })).status).toBe(404);
    expect((await stranger.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).status).toBe(401);
    for (const rating of [0, 6, 2.5, '5']) {
      const bad = await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.rating).toBeTruthy();
    }
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 3, comment: 'x'.repeat(2001) })).status).toBe(400);
    expect((await customer.client.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).body).toEqual({ satisfaction: null });
  });

  it('shows agents a requester’s average and latest ratings for their card, never customers or other groups', async () => {
    const rater = await t.user({ role: 'customer', name: 'Rita Rating' });
    const rated: number[] = [];
    for (const [subject, rating, comment] of [
      ['VPN', 2, 'Hat lange gedauert.'],
      ['Drucker', 5, 'Super!'],
      ['Mail', 4, ''],
    ] as const) {
      const { body: ticket } = await rater.client.post('/api/v1/tickets', { subject, body: 'Bitte helfen.' });
      const { body: resolved } = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'resolved' });
      expect((await rater.client.post(`/api/v1/tickets/${resolved.id}/satisfaction`, { rating, comment })).status).toBe(200);
      rated.push(ticket.id);
    }
    const card = await agent.client.get(`/api/v1/users/${rater.id}/satisfaction`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ average: 3.7, count: 3 });
    expect(card.body.recent.map((r: { ticketId: number; rating: number }) => [r.ticketId, r.rating])).toEqual([
      [rated[2], 4],
      [rated[1], 5],
      [rated[0], 2],
    ]);
    expect(card.body.recent[2]).toMatchObject({ subject: 'VPN', comment: 'Hat lange gedauert.' });

    // An agent of another group learns nothing about tickets they cannot see.
    const elsewhere = await t.group('Elsewhere');
    const outsider = await t.user({ role: 'agent', groupIds: [elsewhere] });
    expect((await outsider.client.get(`/api/v1/users/${rater.id}/satisfaction`)).body).toEqual({ average: null, count: 0, recent: [] });
    expect((await rater.client.get(`/api/v1/users/${rater.id}/satisfaction`)).status).toBe(403);
    expect((await stranger.client.get(`/api/v1/users/${rater.id}/satisfaction`)).status).toBe(403);
    expect((await t.anonymous.get(`/api/v1/users/${rater.id}/satisfaction`)).status).toBe(401);
    expect((await agent.client.get('/api/v1/users/99999999/satisfaction')).status).toBe(404);
  });
});
