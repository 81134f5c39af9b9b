import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

/** A ticket answer carries what its caller may do, and the commands hold to exactly that. */
describe.each(DIALECTS)('ticket abilities on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
  });
  afterAll(() => t.close());

  const open = async (subject: string) => {
    const created = await cast.customer.client.post('/api/v1/tickets', { subject, body: 'Das VPN verbindet nicht.' });
    expect(created.status).toBe(201);
    return created.body as { id: number; version: number; abilities: unknown };
  };

  it('gives agents the whole workspace and requesters replies, close and reopen', async () => {
    const ticket = await open('VPN');
    expect(ticket.abilities).toEqual({
      reply: true,
      note: false,
      update: ['status'],
      statuses: ['resolved', 'closed'],
      merge: false,
      rate: false,
      escalate: false,
      handBack: false,
      notifySupervisors: false,
    });
    const asAgent = await cast.agent.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(asAgent.body.abilities).toEqual({
      reply: true,
      note: true,
      update: ['subject', 'status', 'priority', 'assigneeId', 'groupId', 'categoryId', 'tags', 'pendingUntil'],
      statuses: ['open', 'pending', 'resolved', 'closed'],
      merge: true,
      rate: false,
      escalate: true,
      handBack: false,
      notifySupervisors: true,
    });

    const resolved = await cast.agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: asAgent.body.version, status: 'resolved' });
    const mine = await cast.customer.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(mine.body.abilities).toMatchObject({ reply: true, statuses: ['open', 'closed'], rate: true });

    // The agent moved it to a team they are not in: the answer says they can do no more.
    const moved = await cast.agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: resolved.body.version, groupId: cast.network });
    expect(moved.status).toBe(200);
    expect(moved.body.abilities).toEqual({ reply: false, note: false, update: [], statuses: [], merge: false, rate: false, escalate: false, handBack: false, notifySupervisors: false });
    expect((await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Noch da?' })).status).toBe(404);
  });

  it('lets a requester reopen a closed ticket only within the reopen window, and what the answer says is what the API does', async () => {
    const ticket = await open('Drucker');
    await t.db.handle.db
      .updateTable('tickets')
      .set({ status: 'closed', closed_at: new Date(Date.now() - 60 * 86_400_000).toISOString(), version: 5 })
      .where('id', '=', ticket.id)
      .execute();
    const closed = await cast.customer.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(closed.body.abilities).toEqual({ reply: false, note: false, update: [], statuses: [], merge: false, rate: true, escalate: false, handBack: false, notifySupervisors: false });
    expect((await cast.customer.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Wieder kaputt' })).status).toBe(409);
    expect((await cast.customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 5, status: 'open' })).status).toBe(409);

    await t.db.handle.db
      .updateTable('tickets')
      .set({ closed_at: new Date(Date.now() - 86_400_000).toISOString() })
      .where('id', '=', ticket.id)
      .execute();
    const recent = await cast.customer.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(recent.body.abilities).toMatchObject({ reply: true, statuses: ['open'] });
    expect((await cast.customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 5, status: 'open' })).status).toBe(200);
  });

  it('leaves nobody any action on a merged ticket', async () => {
    const duplicate = await open('Drucker doppelt');
    const original = await open('Drucker original');
    expect((await cast.agent.client.post(`/api/v1/tickets/${duplicate.id}/merge`, { targetId: original.id })).status).toBe(200);
    for (const who of [cast.agent, cast.customer]) {
      const answer = await who.client.get(`/api/v1/tickets/${duplicate.id}`);
      expect(answer.body.abilities).toEqual({ reply: false, note: false, update: [], statuses: [], merge: false, rate: false, escalate: false, handBack: false, notifySupervisors: false });
    }
    const current = await cast.agent.client.get(`/api/v1/tickets/${duplicate.id}`);
    expect((await cast.agent.client.patch(`/api/v1/tickets/${duplicate.id}`, { version: current.body.version, status: 'open' })).status).toBe(409);
    expect((await cast.agent.client.post(`/api/v1/tickets/${duplicate.id}/messages`, { body: 'Hallo?' })).status).toBe(409);
  });
});
