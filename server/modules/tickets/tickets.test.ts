import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { tagListing } from './list-tickets.ts';

describe.each(DIALECTS)('tickets on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let otherAgent: TestUser;
  let customer: TestUser;
  let stranger: TestUser;
  let serviceDesk: number;
  let network: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    serviceDesk = (await t.db.handle.db.selectFrom('groups').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow()).id;
    network = await t.group('Netzwerk', 'specialist');
    agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    otherAgent = await t.user({ role: 'agent', name: 'Nils Netzwerk', groupIds: [network] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    stranger = await t.user({ role: 'customer', name: 'Fremde Person' });
  });
  afterAll(() => t.close());

  it('answers a burst of requests each on its own: bad ones get their error, the others are stored and found', async () => {
    // On SQLite these share one transaction and commit (group commit); nobody may see a
    // neighbour's failure or lose a ticket to it.
    const bodies = Array.from({ length: 12 }, (_, i) =>
      i === 3
        ? { subject: 'Bursttest falsche Kategorie', body: 'x', categoryId: 999_999 }
        : i === 8
          ? { subject: '', body: 'leer' }
          : { subject: `Bursttest Nummer ${i}`, body: `Anfrage ${i} aus dem Stapel` },
    );
    const responses = await Promise.all(bodies.map((body) => customer.client.post('/api/v1/tickets', body)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 400, 201, 201, 201, 201, 400, 201, 201, 201]);
    const ids = responses.filter((r) => r.status === 201).map((r) => (r.body as { id: number }).id);
    expect(new Set(ids).size).toBe(10);
    const found = await customer.client.get('/api/v1/tickets?q=Bursttest&limit=50');
    expect((found.body as { items: Array<{ id: number }> }).items.map((item) => item.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('walks a request from opening to resolution with history and access rules', async () => {
    const created = await customer.client.post('/api/v1/tickets', { subject: 'Drucker im 2. Stock druckt nicht', body: 'Seit heute morgen kommt nichts aus dem Drucker.' });
    expect(created.status).toBe(201);
    const ticket = created.body;
    expect(ticket).toMatchObject({
      subject: 'Drucker im 2. Stock druckt nicht',
      status: 'new',
      priority: 'normal',
      requester: { id: customer.id, name: 'Karl Kunde', email: customer.email },
      assignee: null,
      group: { id: serviceDesk, name: 'Service Desk' },
      category: null,
      tags: [],
      version: 1,
      channel: 'api',
    });
    expect(Number.isInteger(ticket.id)).toBe(true);

    // The agent of the service desk sees it; the network specialist and the stranger do not.
    const queue = await agent.client.get('/api/v1/tickets?assignee=none&status=new');
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    expect((await otherAgent.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
    expect((await stranger.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
    expect((await stranger.client.get(`/api/v1/tickets/${ticket.id}/messages`)).status).toBe(404);
    expect((await stranger.client.get(`/api/v1/tickets/${ticket.id}/history`)).status).toBe(404);
    expect((await stranger.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'hallo' })).status).toBe(404);
    expect((await stranger.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, status: 'closed' })).status).toBe(404);
    expect((await stranger.client.get('/api/v1/tickets')).body.items).toEqual([]);

    // The agent takes it, adds an internal note and answers publicly.
    const taken = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, assigneeId: agent.id, priority: 'high', tags: ['Drucker', 'hardware', 'drucker'] });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ assignee: { id: agent.id, name: 'Anna Agent' }, priority: 'high', tags: ['drucker', 'hardware'], version: 2 });
    const note = await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Toner ist leer, Geheimwort Zebrafink', internal: true });
    expect(note.status).toBe(201);
    expect(note.body.internal).toBe(true);
    const reply = await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Wir tauschen den Toner heute noch.', status: 'pending' });
    expect(reply.status).toBe(201);

    // The requester sees the public reply, never the note, in messages, history and search.
    const seen = await customer.client.get(`/api/v1/tickets/${ticket.id}/messages`);
    expect(seen.body.items.map((m: { body: string }) => m.body)).toEqual(['Seit heute morgen kommt nichts aus dem Drucker.', 'Wir tauschen den Toner heute noch.']);
    const history = await customer.client.get(`/api/v1/tickets/${ticket.id}/history`);
    expect(history.body.items.some((e: { kind: string }) => e.kind === 'note')).toBe(false);
    expect(history.body.items.find((e: { field: string }) => e.field === 'status')).toMatchObject({ oldValue: 'new', newValue: 'pending', actor: { id: agent.id } });
    expect((await customer.client.get('/api/v1/tickets?q=Zebrafink')).body.items).toEqual([]);
    expect((await agent.client.get('/api/v1/tickets?q=Zebrafink')).body.items.map((i: { id: number }) => i.id)).toEqual([ticket.id]);

    const agentHistory = await agent.client.get(`/api/v1/tickets/${ticket.id}/history`);
    expect(agentHistory.body.items.map((e: { kind: string; field: string | null }) => `${e.kind}:${e.field ?? ''}`)).toEqual([
      'created:',
      'changed:priority',
      'changed:assignee',
      'changed:tags',
      'note:',
      'message:',
      'changed:status',
    ]);

    // The requester answers: the ticket goes back to open; then the requester closes it.
    await customer.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Danke, geht wieder!' });
    const current = await customer.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(current.body.status).toBe('open');
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'geheim', internal: true })).status).toBe(403);
    expect((await customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: current.body.version, priority: 'urgent' })).status).toBe(403);
    const closed = await customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: current.body.version, status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
  });

  it('answers a stale version with 409 and the current ticket, overwriting nothing', async () => {
    const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'VPN bricht ab', body: 'Alle zehn Minuten.' });
    const first = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, priority: 'urgent' });
    expect(first.status).toBe(200);
    const second = await t.admin.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, priority: 'low' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('stale_version');
    expect(second.body.error.current).toMatchObject({ id: ticket.id, priority: 'urgent', version: 2 });
    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body.priority).toBe('urgent');
  });

  it('lets two concurrent writers with the same version produce exactly one change', async () => {
    const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'Gleichzeitig', body: 'x' });
    const results = await Promise.all([
      agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, priority: 'high' }),
      t.admin.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, priority: 'low' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = await agent.client.get(`/api/v1/tickets/${ticket.id}/history`);
    expect(history.body.items.filter((e: { field: string }) => e.field === 'priority')).toHaveLength(1);
  });

  it('escalates to a specialist group: the new group sees it, the old one no longer', async () => {
    const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'WLAN im Lager', body: 'Kein Empfang.' });
    await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, assigneeId: agent.id });
    const moved = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 2, groupId: network });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ group: { id: network, name: 'Netzwerk', level: 'specialist' }, assignee: null });
    expect((await otherAgent.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(200);
    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
    // An agent outside the group cannot be assigned.
    const wrong = await otherAgent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 3, assigneeId: agent.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.assigneeId).toBeTruthy();
  });

  it('lets an agent open a ticket for a new requester by e-mail', async () => {
    const res = await agent.client.post('/api/v1/tickets', {
      subject: 'Anruf: SAP-Login',
      body: 'Frau Meier kann sich nicht anmelden.',
      requesterEmail: 'Petra.Meier@Kunde.example',
      priority: 'high',
    });
    expect(res.status).toBe(201);
    expect(res.body.requester).toMatchObject({ email: 'petra.meier@kunde.example', name: 'Petra Meier' });
    const asCustomer = await customer.client.post('/api/v1/tickets', { subject: 'x', body: 'y', requesterEmail: 'someone@example.test' });
    expect(asCustomer.status).toBe(403);
  });

  it("shows a customer their organisation's tickets only where the organisation shares them", async () => {
    const sharing = await t.organisation('Müller GmbH', { sharesTickets: true });
    const private_ = await t.organisation('Schmidt AG', { sharesTickets: false });
    const [m1, m2, s1, s2] = await Promise.all([
      t.user({ role: 'customer', organisationId: sharing }),
      t.user({ role: 'customer', organisationId: sharing }),
      t.user({ role: 'customer', organisationId: private_ }),
      t.user({ role: 'customer', organisationId: private_ }),
    ]);
    const mTicket = (await m1!.client.post('/api/v1/tickets', { subject: 'Müller: Lizenz', body: 'x' })).body;
    const sTicket = (await s1!.client.post('/api/v1/tickets', { subject: 'Schmidt: Lizenz', body: 'x' })).body;
    expect(mTicket.organisation).toEqual({ id: sharing, name: 'Müller GmbH' });
    expect((await m2!.client.get(`/api/v1/tickets/${mTicket.id}`)).status).toBe(200);
    expect((await m2!.client.get('/api/v1/tickets?q=Lizenz')).body.items.map((i: { id: number }) => i.id)).toEqual([mTicket.id]);
    expect((await s2!.client.get(`/api/v1/tickets/${sTicket.id}`)).status).toBe(404);
    expect((await s2!.client.get('/api/v1/tickets')).body.items).toEqual([]);
    expect((await m2!.client.get(`/api/v1/tickets/${sTicket.id}`)).status).toBe(404);
    // An agent without any group sees nothing; the admin sees everything.
    const lonely = await t.user({ role: 'agent', groupIds: [network] });
    await t.db.handle.db.deleteFrom('group_members').where('user_id', '=', lonely.id).execute();
    expect((await lonely.client.get('/api/v1/tickets')).body.items).toEqual([]);
    const all = await t.admin.client.get('/api/v1/tickets?q=Lizenz');
    expect(all.body.items.map((i: { id: number }) => i.id).sort()).toEqual([mTicket.id, sTicket.id].sort());
  });

  it("pages a customer's own and their organisation's shared tickets as one list, newest or oldest first", async () => {
    const sharing = await t.organisation('Weber KG', { sharesTickets: true });
    const closed = await t.organisation('Vogel OHG', { sharesTickets: false });
    const [a, b, c, d, outsider] = await Promise.all([
      t.user({ role: 'customer', organisationId: sharing }),
      t.user({ role: 'customer', organisationId: sharing }),
      t.user({ role: 'customer', organisationId: closed }),
      t.user({ role: 'customer', organisationId: closed }),
      t.user({ role: 'customer' }),
    ]);
    const made: Record<string, number> = {};
    // Interleaved, so that a page holds tickets of both lists and of neither.
    for (const [key, who] of [
      ['a1', a],
      ['b1', b],
      ['x1', outsider],
      ['a2', a],
      ['c1', c],
      ['b2', b],
      ['d1', d],
      ['a3', a],
      ['b3', b],
    ] as const) {
      const res = await who!.client.post('/api/v1/tickets', { subject: `Weber ${key}`, body: 'Bitte prüfen.' });
      expect(res.status).toBe(201);
      made[key] = res.body.id;
    }
    const pages = async (who: TestUser, sort: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await who.client.get(`/api/v1/tickets?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i: { id: number }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const ids = (...keys: string[]) => keys.map((k) => made[k]);
    expect(await pages(a!, '-created')).toEqual(ids('b3', 'a3', 'b2', 'a2', 'b1', 'a1'));
    expect(await pages(b!, 'created')).toEqual(ids('a1', 'b1', 'a2', 'b2', 'a3', 'b3'));
    // Where the organisation does not share, each sees their own only.
    expect(await pages(c!, '-created')).toEqual(ids('c1'));
    expect(await pages(d!, 'created')).toEqual(ids('d1'));
    expect((await a!.client.get('/api/v1/tickets?status=new&limit=3')).body.items.map((i: { id: number }) => i.id)).toEqual(ids('b3', 'a3', 'b2'));
    // Last changed first, as the portal lists them: a reply brings the oldest to the top.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await a!.client.post(`/api/v1/tickets/${made.a1}/messages`, { body: 'Noch aktuell.' })).status).toBe(201);
    expect(await pages(b!, '-updated')).toEqual(ids('a1', 'b3', 'a3', 'b2', 'a2', 'b1'));
    expect(await pages(a!, 'updated')).toEqual(ids('b1', 'a2', 'b2', 'a3', 'b3', 'a1'));
    expect(await pages(c!, '-updated')).toEqual(ids('c1'));
    // The organisation stops sharing: its members keep their own tickets and lose the others'.
    expect((await t.admin.client.patch(`/api/v1/organisations/${sharing}`, { sharesTickets: false })).status).toBe(200);
    expect(await pages(a!, '-created')).toEqual(ids('a3', 'a2', 'a1'));
    expect(await pages(b!, 'created')).toEqual(ids('b1', 'b2', 'b3'));
    expect(await pages(a!, '-updated')).toEqual(ids('a1', 'a3', 'a2'));
  });

  it('filters, sorts and pages the queue with keyset cursors', async () => {
    const category = await t.category('VPN');
    const made: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await customer.client.post('/api/v1/tickets', { subject: `Seite ${i}`, body: 'x', priority: i % 2 ? 'urgent' : 'low', categoryId: category, tags: i < 3 ? ['paging'] : [] });
      made.push(res.body.id);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: number }>; nextCursor: string | null } } = await agent.client.get(`/api/v1/tickets?category=${category}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const byPriority = await agent.client.get(`/api/v1/tickets?category=${category}&sort=-priority&limit=4`);
    expect(byPriority.body.items.map((i: { priority: string }) => i.priority)).toEqual(['urgent', 'urgent', 'urgent', 'low']);
    const rest = await agent.client.get(`/api/v1/tickets?category=${category}&sort=-priority&limit=4&cursor=${byPriority.body.nextCursor}`);
    expect(rest.body.items.map((i: { priority: string }) => i.priority)).toEqual(['low', 'low', 'low']);
    expect(new Set([...byPriority.body.items, ...rest.body.items].map((i: { id: number }) => i.id)).size).toBe(7);
    // A tag's tickets, listed from the tag's index (few tagged) or tested one by one (many).
    const tagged = [...made.slice(0, 3)].reverse();
    expect((await agent.client.get('/api/v1/tickets?tag=PAGING')).body.items.map((i: { id: number }) => i.id)).toEqual(tagged);
    const usual = tagListing.few;
    tagListing.few = 0;
    try {
      expect((await agent.client.get('/api/v1/tickets?tag=PAGING')).body.items.map((i: { id: number }) => i.id)).toEqual(tagged);
      expect((await agent.client.get('/api/v1/tickets?tag=paging&limit=2&sort=created')).body.items.map((i: { id: number }) => i.id)).toEqual(made.slice(0, 2));
    } finally {
      tagListing.few = usual;
    }
    expect((await agent.client.get('/api/v1/tickets?tag=paging&limit=2&sort=created')).body.items.map((i: { id: number }) => i.id)).toEqual(made.slice(0, 2));
    expect((await agent.client.get(`/api/v1/tickets?category=${category}&priority=urgent&requester=${customer.id}`)).body.items).toHaveLength(3);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await agent.client.get(`/api/v1/tickets?createdFrom=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    const updated = await agent.client.get(`/api/v1/tickets?category=${category}&sort=updated&limit=4`);
    const updatedNext = await agent.client.get(`/api/v1/tickets?category=${category}&sort=updated&limit=4&cursor=${updated.body.nextCursor}`);
    expect([...updated.body.items, ...updatedNext.body.items].map((i: { id: number }) => i.id)).toEqual(made);
  });

  it('pages an agent of several groups through all their groups newest first, in both directions', async () => {
    const sap = await t.group('SAP-Team', 'specialist');
    const both = await t.user({ role: 'agent', groupIds: [sap, network] });
    const made: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await agent.client.post('/api/v1/tickets', { subject: `Mehrgruppen ${i}`, body: 'x', groupId: i % 2 ? sap : network });
      made.push(res.body.id);
    }
    const visible = async (sort: string) => {
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: number; group: { id: number } }>; nextCursor: string | null } } = await both.client.get(
          `/api/v1/tickets?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        for (const item of res.body.items) expect([sap, network]).toContain(item.group.id);
        ids.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const newest = await visible('-created');
    const all = (await t.admin.client.get(`/api/v1/tickets?limit=100`)).body.items
      .filter((i: { group: { id: number } }) => i.group.id === sap || i.group.id === network)
      .map((i: { id: number }) => i.id);
    expect(newest).toEqual(all);
    expect(newest).toEqual(expect.arrayContaining(made));
    expect(await visible('created')).toEqual([...newest].reverse());
  });
});
