import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { inTurn, pickAssignee } from './pick-assignee.ts';

/**
 * Automatic assignment as admins set it up and agents live with it: a group in round robin
 * with one agent away and one deactivated, the turn going on across concurrent creations,
 * escalations landing in the group, least loaded, and nobody available. Events are dispatched
 * by hand so that each step is visible.
 */
describe.each(DIALECTS)('automatic assignment on %s', (dialect) => {
  let t: TestApp;
  let customer: TestUser;
  let agents: TestUser[];
  let away: TestUser;
  let network: number;
  let vpn: number;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    await t.dispatcher.drain();
    const group = await t.admin.client.post('/api/v1/groups', { name: 'Netzwerk', level: 'specialist', assignmentMode: 'round_robin' });
    expect(group.status).toBe(201);
    expect(group.body.assignmentMode).toBe('round_robin');
    network = group.body.id;
    const category = await t.admin.client.post('/api/v1/categories', { name: 'VPN', groupId: network });
    expect(category.status).toBe(201);
    vpn = category.body.id;
    agents = [];
    for (const name of ['Anna', 'Bernd', 'Clara']) agents.push(await t.user({ role: 'agent', name, groupIds: [network] }));
    away = agents[1]!;
    const retired = await t.user({ role: 'agent', name: 'Rolf Ruhestand', groupIds: [network] });
    expect((await t.admin.client.patch(`/api/v1/users/${retired.id}`, { active: false })).status).toBe(200);
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
  });
  afterAll(() => t.close());

  async function vpnTicket(subject: string): Promise<number> {
    const created = await customer.client.post('/api/v1/tickets', { subject, body: 'Das VPN verbindet nicht.', categoryId: vpn });
    expect(created.status).toBe(201);
    expect(created.body.group.id).toBe(network);
    return created.body.id;
  }
  const assigneeOf = async (id: number) => ((await t.admin.client.get(`/api/v1/tickets/${id}`)).body.assignee?.id as number | undefined) ?? null;

  it('lets an agent mark themselves away and back; customers cannot', async () => {
    const marked = await away.client.patch('/api/v1/me/profile', { available: false });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ available: false, name: 'Bernd' });
    const members = (await t.admin.client.get(`/api/v1/groups/${network}`)).body.members as Array<{ id: number; available: boolean }>;
    expect(members.find((m) => m.id === away.id)?.available).toBe(false);
    const refused = await customer.client.patch('/api/v1/me/profile', { available: false });
    expect(refused.status).toBe(403);
    expect((await customer.client.patch('/api/v1/me/profile', { available: 'no' })).status).toBe(400);
  });

  it('deals new tickets in turn among the available agents, naming itself in the history', async () => {
    const ids: number[] = [];
    for (const n of [1, 2, 3, 4]) {
      ids.push(await vpnTicket(`VPN ${n}`));
      await t.dispatcher.drain();
    }
    const [anna, , clara] = agents;
    expect(await Promise.all(ids.map(assigneeOf))).toEqual([anna!.id, clara!.id, anna!.id, clara!.id]);

    const history = (await anna!.client.get(`/api/v1/tickets/${ids[0]}/history`)).body.items as Array<{ field: string; newValue: string; reason: string; actor: { name: string } }>;
    expect(history.find((h) => h.field === 'assignee')).toMatchObject({ newValue: String(anna!.id), reason: 'Assigned automatically (round robin).', actor: { name: 'Automatic assignment' } });

    // Back from the break: after Anna, Bernd's turn comes again.
    expect((await away.client.patch('/api/v1/me/profile', { available: true })).body.available).toBe(true);
    const fifth = await vpnTicket('VPN 5');
    await t.dispatcher.drain();
    const sixth = await vpnTicket('VPN 6');
    await t.dispatcher.drain();
    expect([await assigneeOf(fifth), await assigneeOf(sixth)]).toEqual([anna!.id, away.id]);
  });

  it('gives two tickets created at the same moment to two different agents', async () => {
    const [first, second] = await Promise.all([vpnTicket('gleichzeitig 1'), vpnTicket('gleichzeitig 2')]);
    await t.dispatcher.drain();
    const a = await assigneeOf(first);
    const b = await assigneeOf(second);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a).not.toBe(b);

    // The turn itself is safe with concurrent transactions (several workers): each reads the turn the other left.
    const picks = await Promise.all(
      [1, 2, 3].map(() =>
        db()
          .transaction()
          .execute((trx) => pickAssignee(trx, network, 'round_robin')),
      ),
    );
    expect(new Set(picks).size).toBe(3);
  });

  it('assigns tickets escalated or moved into the group, and leaves assigned ones alone', async () => {
    const firstLevel = ((await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>).find((g) => g.level === '1')!.id;
    const deskAgent = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [firstLevel] });
    const created = await customer.client.post('/api/v1/tickets', { subject: 'Netz weg', body: 'Kein Netz im Büro.' });
    await t.dispatcher.drain();
    expect(await assigneeOf(created.body.id)).toBeNull(); // the 1st level does not assign automatically

    const escalated = await deskAgent.client.post(`/api/v1/tickets/${created.body.id}/escalate`, { reason: 'Switch defekt?', groupId: network });
    expect(escalated.status).toBe(200);
    await t.dispatcher.drain();
    expect(agents.map((a) => a.id)).toContain(await assigneeOf(created.body.id));

    const moved = await deskAgent.client.post('/api/v1/tickets', { subject: 'WLAN', body: 'WLAN langsam.', requesterEmail: customer.email });
    const patched = await deskAgent.client.patch(`/api/v1/tickets/${moved.body.id}`, { version: moved.body.version, groupId: network, assigneeId: null });
    expect(patched.status).toBe(200);
    await t.dispatcher.drain();
    expect(agents.map((a) => a.id)).toContain(await assigneeOf(moved.body.id));

    // Assigned by hand before the subscriber ran: stays so.
    const own = await vpnTicket('schon vergeben');
    const ticket = (await agents[0]!.client.get(`/api/v1/tickets/${own}`)).body;
    await agents[0]!.client.patch(`/api/v1/tickets/${own}`, { version: ticket.version, assigneeId: agents[0]!.id });
    await t.dispatcher.drain();
    expect(await assigneeOf(own)).toBe(agents[0]!.id);
  });

  it('least loaded: the agent with the fewest open tickets; nobody available leaves it unassigned', async () => {
    const group = await t.admin.client.post('/api/v1/groups', { name: 'SAP-Team', level: 'specialist' });
    const sap = group.body.id as number;
    const category = await t.admin.client.post('/api/v1/categories', { name: 'SAP', groupId: sap });
    const [xaver, yvonne, zora] = [
      await t.user({ role: 'agent', name: 'Xaver', groupIds: [sap] }),
      await t.user({ role: 'agent', name: 'Yvonne', groupIds: [sap] }),
      await t.user({ role: 'agent', name: 'Zora', groupIds: [sap] }),
    ];
    const sapTicket = async (subject: string, assigneeId?: number) => {
      const created = await customer.client.post('/api/v1/tickets', { subject, body: 'SAP hängt.', categoryId: category.body.id });
      if (assigneeId !== undefined) expect((await t.admin.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, assigneeId })).status).toBe(200);
      await t.dispatcher.drain();
      return created.body.id as number;
    };
    // Mode off: nothing happens.
    expect(await assigneeOf(await sapTicket('aus'))).toBeNull();
    // Xaver has two open tickets, Yvonne one, Zora none; a resolved one does not count.
    await sapTicket('x1', xaver.id);
    await sapTicket('x2', xaver.id);
    await sapTicket('y1', yvonne.id);
    const done = await sapTicket('z-erledigt', zora.id);
    const doneTicket = (await t.admin.client.get(`/api/v1/tickets/${done}`)).body;
    expect((await t.admin.client.patch(`/api/v1/tickets/${done}`, { version: doneTicket.version, status: 'resolved' })).status).toBe(200);

    expect((await t.admin.client.patch(`/api/v1/groups/${sap}`, { assignmentMode: 'least_loaded' })).body.assignmentMode).toBe('least_loaded');
    const first = await sapTicket('neu 1');
    expect(await assigneeOf(first)).toBe(zora.id);
    const second = await sapTicket('neu 2'); // Yvonne and Zora have one each: the next in turn after Zora
    expect(await assigneeOf(second)).toBe(yvonne.id);
    const history = (await t.admin.client.get(`/api/v1/tickets/${second}/history`)).body.items as Array<{ field: string; reason: string }>;
    expect(history.find((h) => h.field === 'assignee')?.reason).toBe('Assigned automatically (least loaded).');

    for (const agent of [xaver, yvonne, zora]) expect((await agent.client.patch('/api/v1/me/profile', { available: false })).status).toBe(200);
    expect(await assigneeOf(await sapTicket('niemand da'))).toBeNull();
    expect((await t.admin.client.patch(`/api/v1/groups/${sap}`, { assignmentMode: 'sometimes' })).status).toBe(400);
  });

  it('takes turns after the last one, wrapping around', () => {
    expect(inTurn([3, 5, 8], null)).toEqual([3, 5, 8]);
    expect(inTurn([3, 5, 8], 5)).toEqual([8, 3, 5]);
    expect(inTurn([3, 5, 8], 8)).toEqual([3, 5, 8]);
    expect(inTurn([3, 5, 8], 4)).toEqual([5, 8, 3]);
  });
});
