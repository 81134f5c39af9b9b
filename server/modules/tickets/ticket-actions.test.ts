import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

describe.each(DIALECTS)('queue counts, similar tickets and bulk changes on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let specialist: TestUser;
  let customer: TestUser;
  let other: TestUser;
  let network: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ network, agent, specialist, customer, other } = await t.cast());
  });
  afterAll(() => t.close());

  it('counts the queues of an agent and the requests of a customer', async () => {
    const open = async (who: TestUser, subject: string) => (await who.client.post('/api/v1/tickets', { subject, body: 'Text' })).body;
    const a = await open(customer, 'A');
    const b = await open(customer, 'B');
    const c = await open(customer, 'C');
    const d = await open(other, 'D');
    await agent.client.patch(`/api/v1/tickets/${a.id}`, { version: 1, assigneeId: agent.id, status: 'open' });
    await agent.client.patch(`/api/v1/tickets/${b.id}`, { version: 1, status: 'pending' });
    await agent.client.patch(`/api/v1/tickets/${c.id}`, { version: 1, status: 'resolved' });
    await t.admin.client.post('/api/v1/tickets', { subject: 'Netz', body: 'x', groupId: network });

    const counts = await agent.client.get('/api/v1/tickets/counts');
    expect(counts.status).toBe(200);
    // mine: a; unassigned new/open: d; open (new/open/pending): a, b, d; pending: b; all four updated today.
    expect(counts.body).toEqual({ mine: 1, unassigned: 1, open: 3, pending: 1, recentlyUpdated: 4, followed: 0, slaAtRisk: 0, slaBreached: 0 });
    expect((await specialist.client.get('/api/v1/tickets/counts')).body).toEqual({ mine: 0, unassigned: 1, open: 1, pending: 0, recentlyUpdated: 1, followed: 0, slaAtRisk: 0, slaBreached: 0 });
    expect((await customer.client.get('/api/v1/tickets/counts')).body).toEqual({ open: 1, pending: 1, resolved: 1 });
    expect((await other.client.get('/api/v1/tickets/counts')).body).toEqual({ open: 1, pending: 0, resolved: 0 });
    expect((await t.anonymous.get('/api/v1/tickets/counts')).status).toBe(401);
    void d;
  });

  it('suggests open tickets the caller may see, best match first', async () => {
    const post = async (who: TestUser, subject: string, body: string) => (await who.client.post('/api/v1/tickets', { subject, body })).body;
    const vpn = await post(customer, 'VPN-Verbindung bricht ab', 'Die VPN Verbindung bricht alle zehn Minuten ab');
    const vpnPrinter = await post(customer, 'Drucker und VPN', 'Der Drucker geht nicht');
    const foreignVpn = await post(other, 'VPN geht nicht', 'VPN Verbindung kaputt');
    const solved = await post(customer, 'VPN alt', 'VPN Verbindung');
    await agent.client.patch(`/api/v1/tickets/${solved.id}`, { version: 1, status: 'resolved' });

    const mine = await customer.client.get('/api/v1/tickets/similar?q=vpn%20verbindung');
    expect(mine.status).toBe(200);
    // Any meaningful word suggests a ticket; the one matching more words ranks first.
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([vpn.id, vpnPrinter.id]);
    const sentence = await customer.client.get(`/api/v1/tickets/similar?q=${encodeURIComponent('Bei mir bricht die Verbindung ab, bitte helfen')}`);
    expect(sentence.body.items.map((i: { id: number }) => i.id)).toEqual([vpn.id]);
    expect((await customer.client.get('/api/v1/tickets/similar?q=die%20und%20nicht')).body.items).toEqual([]);

    const forAgent = await agent.client.get('/api/v1/tickets/similar?q=VPN&limit=5');
    const ids = forAgent.body.items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([vpn.id, vpnPrinter.id, foreignVpn.id]));
    expect(ids).not.toContain(solved.id);
    expect((await agent.client.get(`/api/v1/tickets/similar?q=VPN&exclude=${vpn.id}`)).body.items.map((i: { id: number }) => i.id)).not.toContain(vpn.id);
    expect((await agent.client.get('/api/v1/tickets/similar?q=VPN&limit=1')).body.items).toHaveLength(1);
    expect((await specialist.client.get('/api/v1/tickets/similar?q=VPN')).body.items).toEqual([]);
    expect((await agent.client.get('/api/v1/tickets/similar?q=%20%20')).status).toBe(400);
    expect((await agent.client.get('/api/v1/tickets/similar')).status).toBe(400);
    expect((await agent.client.get('/api/v1/tickets/similar?q=VPN&limit=0')).status).toBe(400);
  });

  it('does not suggest a ticket by its internal notes to requesters', async () => {
    const ticket = (await customer.client.post('/api/v1/tickets', { subject: 'Bildschirm', body: 'bleibt schwarz' })).body;
    await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Grafikkarte Kolibri defekt', internal: true });
    expect((await customer.client.get('/api/v1/tickets/similar?q=Kolibri')).body.items).toEqual([]);
    expect((await agent.client.get('/api/v1/tickets/similar?q=Kolibri')).body.items.map((i: { id: number }) => i.id)).toEqual([ticket.id]);
  });

  it('changes many tickets at once, each with its own history, reporting what it could not do', async () => {
    const post = async (who: TestUser, subject: string) => (await who.client.post('/api/v1/tickets', { subject, body: 'x', tags: ['alt', 'drucker'] })).body;
    const first = await post(customer, 'Eins');
    const second = await post(customer, 'Zwei');
    const hidden = await t.admin.client.post('/api/v1/tickets', { subject: 'Netz', body: 'x', groupId: network });
    await agent.client.patch(`/api/v1/tickets/${second.id}`, { version: 1, priority: 'low' });

    const res = await agent.client.post('/api/v1/tickets/bulk', {
      ids: [first.id, second.id, hidden.body.id, 999999],
      changes: { status: 'open', priority: 'high', assigneeId: agent.id, addTags: ['Massenänderung'], removeTags: ['ALT'] },
    });
    expect(res.status).toBe(200);
    const [r1, r2, r3, r4] = res.body.results;
    expect(r1).toMatchObject({ id: first.id, ok: true, ticket: { status: 'open', priority: 'high', assignee: { id: agent.id }, tags: ['drucker', 'massenänderung'], version: 2 } });
    expect(r2).toMatchObject({ id: second.id, ok: true, ticket: { priority: 'high', version: 3 } });
    expect(r3).toEqual({ id: hidden.body.id, ok: false, error: { code: 'not_found', message: expect.any(String) } });
    expect(r4).toMatchObject({ id: 999999, ok: false, error: { code: 'not_found' } });
    // The admin's ticket in the other group did not change.
    expect((await t.admin.client.get(`/api/v1/tickets/${hidden.body.id}`)).body.version).toBe(1);

    const history = await agent.client.get(`/api/v1/tickets/${first.id}/history`);
    expect(
      history.body.items
        .filter((e: { kind: string }) => e.kind === 'changed')
        .map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['assignee', 'priority', 'status', 'tags']);

    const unassign = await agent.client.post('/api/v1/tickets/bulk', { ids: [first.id, second.id], changes: { assigneeId: null } });
    expect(unassign.body.results.map((r: { ok: boolean; ticket: { assignee: unknown } }) => [r.ok, r.ticket.assignee])).toEqual([
      [true, null],
      [true, null],
    ]);

    // An assignee outside the group fails per ticket with the usual validation error.
    const wrong = await agent.client.post('/api/v1/tickets/bulk', { ids: [first.id], changes: { assigneeId: specialist.id } });
    expect(wrong.body.results[0]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps customers out of bulk changes and rejects bad input', async () => {
    const own = (await customer.client.post('/api/v1/tickets', { subject: 'Meins', body: 'x' })).body;
    const asCustomer = await customer.client.post('/api/v1/tickets/bulk', { ids: [own.id], changes: { status: 'closed' } });
    expect(asCustomer.status).toBe(403);
    expect((await customer.client.get(`/api/v1/tickets/${own.id}`)).body.status).toBe('new');
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: [], changes: { status: 'open' } })).status).toBe(400);
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: [own.id], changes: {} })).status).toBe(400);
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: [own.id, own.id], changes: { status: 'open' } })).status).toBe(400);
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: Array.from({ length: 101 }, (_, i) => i + 1), changes: { status: 'open' } })).status).toBe(400);
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: [own.id], changes: { status: 'gone' } })).status).toBe(400);
    expect((await agent.client.post('/api/v1/tickets/bulk', { ids: [own.id], changes: { subject: 'x' } })).status).toBe(400);
  });
});
