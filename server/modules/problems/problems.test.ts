import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

/**
 * Problem management as agents use it: a problem gathers incidents, becomes a known error with
 * root cause and workaround, is resolved, and tells the agents of the still open tickets. The
 * requester never learns of it, neither through the problem routes nor through their ticket.
 */
describe.each(DIALECTS)('problems on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  let tickets: number[];
  let problemId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, { publicUrl: 'https://help.example.com' }, { events: 'manual' });
    cast = await t.cast();
    tickets = [];
    for (const subject of ['VPN bricht ab', 'VPN trennt jede Stunde', 'VPN langsam']) {
      const created = await cast.customer.client.post('/api/v1/tickets', { subject, body: 'Seit heute früh.' });
      expect(created.status).toBe(201);
      tickets.push(created.body.id);
    }
  });
  afterAll(() => t.close());

  const events = (type: string, id: number) =>
    t.db.handle.db.selectFrom('domain_events').select(['type', 'payload', 'actor_id']).where('type', '=', type).where('aggregate_id', '=', id).orderBy('id').execute();

  it('creates a problem with its incidents in the contract shape, records the event and an internal history entry on each ticket', async () => {
    const created = await cast.agent.client.post('/api/v1/problems', { title: 'VPN-Gateway verliert Sitzungen', ticketIds: [tickets[0], tickets[1]] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'VPN-Gateway verliert Sitzungen', status: 'open', ticketIds: [tickets[0], tickets[1]], ticketCount: 2, version: 1, createdBy: { id: cast.agent.id } });
    problemId = created.body.id;
    const read = await cast.agent.client.get(`/api/v1/problems/${problemId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.body.tickets.map((x: { subject: string }) => x.subject)).toEqual(['VPN bricht ab', 'VPN trennt jede Stunde']);

    const [event] = await events('problem.created', problemId);
    expect(event).toMatchObject({ actor_id: cast.agent.id });
    expect(JSON.parse(event!.payload)).toEqual({ title: 'VPN-Gateway verliert Sitzungen', ticketIds: [tickets[0], tickets[1]] });

    const history = await cast.agent.client.get(`/api/v1/tickets/${tickets[0]}/history`);
    expect(history.body.items).toContainEqual(expect.objectContaining({ field: 'problem', newValue: String(problemId), newLabel: `P-${problemId}`, actor: { id: cast.agent.id, name: 'Anna Agent' } }));
    // The ticket itself is unchanged: its version stays, as a link is no ticket field.
    expect((await cast.agent.client.get(`/api/v1/tickets/${tickets[0]}`)).body.version).toBe(1);
  });

  it('never shows problems to the requester, nor the link through their ticket', async () => {
    const requester = cast.customer.client;
    expect((await requester.get(`/api/v1/problems/${problemId}`)).status).toBe(404);
    expect((await requester.get('/api/v1/problems')).status).toBe(404);
    expect((await requester.post('/api/v1/problems', { title: 'Von außen', ticketIds: [tickets[2]] })).status).toBe(404);
    expect((await requester.patch(`/api/v1/problems/${problemId}`, { version: 1, title: 'x' })).status).toBe(404);
    expect((await requester.post(`/api/v1/problems/${problemId}/tickets`, { ticketIds: [tickets[2]] })).status).toBe(404);
    expect((await requester.get(`/api/v1/tickets/${tickets[0]}/problem`)).status).toBe(404);
    for (const url of [`/api/v1/tickets/${tickets[0]}`, `/api/v1/tickets/${tickets[0]}/history`, `/api/v1/tickets/${tickets[0]}/messages`, '/api/v1/tickets']) {
      const res = await requester.get(url);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toMatch(/problem|VPN-Gateway/i);
    }
    expect((await t.anonymous.get(`/api/v1/problems/${problemId}`)).status).toBe(401);
  });

  it('links only tickets the agent can see, each to one problem, and unlinks them again', async () => {
    // The network specialist does not see the Service Desk's tickets.
    const hidden = await cast.specialist.client.post(`/api/v1/problems/${problemId}/tickets`, { ticketIds: [tickets[2]] });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe(`Ticket #${tickets[2]} does not exist or you cannot see it.`);
    const unknown = await cast.agent.client.post(`/api/v1/problems/${problemId}/tickets`, { ticketIds: [tickets[2], 2_000_000_000] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.ticketIds).toBe('Unknown: #2000000000.');
    expect((await cast.agent.client.post('/api/v1/problems/2000000000/tickets', { ticketIds: [tickets[2]] })).status).toBe(404);

    // A ticket belongs to at most one problem.
    const other = await cast.agent.client.post('/api/v1/problems', { title: 'Zweites Problem', ticketIds: [tickets[0]] });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(`Ticket #${tickets[0]} already belongs to problem P-${problemId}`);
    expect((await cast.agent.client.get('/api/v1/problems?q=Zweites')).body.items).toEqual([]);

    // Linking again is harmless: nothing new is recorded.
    const again = await cast.agent.client.post(`/api/v1/problems/${problemId}/tickets`, { ticketIds: [tickets[1], tickets[2]] });
    expect(again.status).toBe(200);
    expect(again.body.ticketIds).toEqual(tickets);
    expect((await events('problem.tickets_linked', problemId)).map((e) => JSON.parse(e.payload))).toEqual([{ ticketIds: [tickets[2]] }]);

    const unlinked = await cast.agent.client.delete(`/api/v1/problems/${problemId}/tickets/${tickets[2]}`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.ticketIds).toEqual([tickets[0], tickets[1]]);
    expect((await cast.agent.client.delete(`/api/v1/problems/${problemId}/tickets/${tickets[2]}`)).status).toBe(404);
    expect((await events('problem.ticket_unlinked', problemId)).map((e) => JSON.parse(e.payload))).toEqual([{ ticketId: tickets[2] }]);
    const history = (await cast.agent.client.get(`/api/v1/tickets/${tickets[2]}/history`)).body.items.filter((e: { field: string }) => e.field === 'problem');
    expect(history.map((e: { oldValue: string | null; newValue: string | null }) => [e.oldValue, e.newValue])).toEqual([
      [null, String(problemId)],
      [String(problemId), null],
    ]);
  });

  it('refuses a stale version with 409 and a known error without root cause and workaround', async () => {
    const first = await cast.agent.client.patch(`/api/v1/problems/${problemId}`, { version: 1, description: 'Seit dem Firmware-Update **3.2**.' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await t.admin.client.patch(`/api/v1/problems/${problemId}`, { version: 1, title: 'Überholt' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');

    const early = await cast.agent.client.patch(`/api/v1/problems/${problemId}`, { version: 2, status: 'known_error' });
    expect(early.status).toBe(400);
    expect(Object.keys(early.body.error.fields).sort()).toEqual(['rootCause', 'workaround']);

    const known = await cast.agent.client.patch(`/api/v1/problems/${problemId}`, {
      version: 2,
      status: 'known_error',
      rootCause: 'Die Firmware 3.2 räumt Sitzungen nach 60 Minuten ab.',
      workaround: 'VPN-Client neu verbinden.',
      ownerGroupId: cast.network,
      ownerId: cast.specialist.id,
    });
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ status: 'known_error', version: 3, ownerGroup: { id: cast.network, name: 'Netzwerk' }, owner: { id: cast.specialist.id, name: 'Nils Netzwerk' } });
    const changed = (await events('problem.changed', problemId)).map((e) => JSON.parse(e.payload).changes);
    expect(changed[1]).toContainEqual({ field: 'status', from: 'open', to: 'known_error' });
    expect((await cast.agent.client.patch(`/api/v1/problems/${problemId}`, { version: 3, ownerId: cast.customer.id })).status).toBe(400);

    // The ticket view of a linked ticket shows it.
    const panel = await cast.agent.client.get(`/api/v1/tickets/${tickets[1]}/problem`);
    expect(panel.body).toEqual({ problem: { id: problemId, title: 'VPN-Gateway verliert Sitzungen', status: 'known_error', workaround: 'VPN-Client neu verbinden.', knownSolutions: [] } });
    expect((await cast.agent.client.get(`/api/v1/tickets/${tickets[2]}/problem`)).body).toEqual({ problem: null });

    // The problem's own history: its events in order, with who and what.
    const history = await cast.specialist.client.get(`/api/v1/problems/${problemId}/history`);
    expect(history.body.items.map((e: { type: string; ticketIds: number[] }) => [e.type, e.ticketIds])).toEqual([
      ['problem.created', [tickets[0], tickets[1]]],
      ['problem.tickets_linked', [tickets[2]]],
      ['problem.ticket_unlinked', [tickets[2]]],
      ['problem.changed', []],
      ['problem.changed', []],
    ]);
    expect(history.body.items[4]).toMatchObject({ actor: { id: cast.agent.id, name: 'Anna Agent' }, changes: expect.arrayContaining([{ field: 'status', from: 'open', to: 'known_error' }]) });
    expect((await cast.customer.client.get(`/api/v1/problems/${problemId}/history`)).status).toBe(404);
  });

  it('lists an article marked as the problem’s workaround, and keeps that mark from requesters', async () => {
    const article = await cast.agent.client.post('/api/v1/kb/articles', {
      title: 'VPN trennt: neu verbinden',
      body: 'Klicken Sie auf „Verbinden“.',
      locale: 'de',
      visibility: 'public',
      status: 'published',
      solutionKind: 'workaround',
      solutionProblemId: problemId,
    });
    expect(article.status).toBe(201);
    expect(article.body).toMatchObject({ solutionKind: 'workaround', solutionProblemId: problemId, solutionCategoryId: null });
    const expected = { id: article.body.id, slug: article.body.slug, title: 'VPN trennt: neu verbinden', locale: 'de', kind: 'workaround' };
    expect((await cast.agent.client.get(`/api/v1/problems/${problemId}`)).body.knownSolutions).toEqual([expected]);
    expect((await cast.agent.client.get(`/api/v1/tickets/${tickets[0]}/problem`)).body.problem.knownSolutions).toEqual([expected]);
    expect((await cast.customer.client.get(`/api/v1/kb/articles/${article.body.id}`)).body.solutionProblemId).toBeNull();
    const unknown = await cast.agent.client.post('/api/v1/kb/articles', {
      title: 'x',
      body: 'y',
      locale: 'de',
      visibility: 'internal',
      status: 'draft',
      solutionKind: 'solution',
      solutionProblemId: 2_000_000_000,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ solutionProblemId: 'Unknown problem.' });
  });

  it('tells the agents of the still open linked tickets when the problem is resolved, once', async () => {
    const ticket = (await cast.agent.client.get(`/api/v1/tickets/${tickets[0]}`)).body;
    expect((await cast.agent.client.patch(`/api/v1/tickets/${tickets[0]}`, { version: ticket.version, assigneeId: cast.agent.id })).status).toBe(200);
    const second = (await cast.agent.client.get(`/api/v1/tickets/${tickets[1]}`)).body;
    expect((await cast.agent.client.patch(`/api/v1/tickets/${tickets[1]}`, { version: second.version, status: 'resolved' })).status).toBe(200);
    await t.dispatcher.drain();
    const before = await t.db.handle.db.selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst();

    const current = (await t.admin.client.get(`/api/v1/problems/${problemId}`)).body;
    const resolved = await t.admin.client.patch(`/api/v1/problems/${problemId}`, { version: current.version, status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    await t.dispatcher.drain();
    await t.dispatcher.drain();
    const mails = (
      await t.db.handle.db
        .selectFrom('jobs')
        .select('payload')
        .where('kind', '=', 'mail.send')
        .where('id', '>', before?.id ?? 0)
        .execute()
    ).map((j) => JSON.parse(j.payload));
    // Anna is assigned to the open ticket; the resolved one tells nobody.
    expect(mails.map((m) => [m.to, m.subject])).toEqual([[cast.agent.email, `Problem P-${problemId} gelöst: VPN-Gateway verliert Sitzungen`]]);
    expect(mails[0].text).toContain(`#${tickets[0]} VPN bricht ab`);
    expect(mails[0].text).not.toContain(`#${tickets[1]} `);
    expect(mails[0].text).toContain(`https://help.example.com/agent/problems/${problemId}`);
  });

  it('lists problems newest first with their ticket counts, by status and words, in pages', async () => {
    const newer = await t.admin.client.post('/api/v1/problems', { title: 'Drucker im 3. OG offline', ticketIds: [tickets[2]] });
    expect(newer.status).toBe(201);
    const all = await cast.specialist.client.get('/api/v1/problems');
    expect(all.body.items.map((p: { id: number; ticketCount: number }) => [p.id, p.ticketCount])).toEqual([
      [newer.body.id, 1],
      [problemId, 2],
    ]);
    // The specialist sees every problem, but only the linked tickets they may see.
    expect((await cast.specialist.client.get(`/api/v1/problems/${newer.body.id}`)).body).toMatchObject({ ticketIds: [tickets[2]], tickets: [], ticketCount: 1 });
    expect((await cast.agent.client.get('/api/v1/problems?status=resolved')).body.items.map((p: { id: number }) => p.id)).toEqual([problemId]);
    expect((await cast.agent.client.get('/api/v1/problems?q=drucker%20og')).body.items.map((p: { id: number }) => p.id)).toEqual([newer.body.id]);
    expect((await cast.agent.client.get(`/api/v1/problems?q=P-${problemId}`)).body.items.map((p: { id: number }) => p.id)).toEqual([problemId]);
    const page = await cast.agent.client.get('/api/v1/problems?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toBe(newer.body.id);
    const next = await cast.agent.client.get(`/api/v1/problems?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ id: problemId }], nextCursor: null });
  });
});
