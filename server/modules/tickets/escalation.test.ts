import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB, type OutgoingMail } from '../mail/outgoing-mail.ts';
import { rawMail, startIntake } from '../mail/test/intake-harness.ts';

/**
 * Escalation as the agents walk it: 1st level → 2nd level (or a specialist team) with a reason,
 * the escalating agent reading along in "my escalations", the hand-back, the supervisors, and
 * the refusals. Events are dispatched by hand, so the mails they cause can be read.
 */
describe.each(DIALECTS)('escalation on %s', (dialect) => {
  let t: TestApp;
  let serviceDesk: number;
  let second: number;
  let third: number;
  let network: number;
  let first: TestUser;
  let secondAgent: TestUser;
  let thirdAgent: TestUser;
  let specialist: TestUser;
  let customer: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    serviceDesk = groups.find((g) => g.level === '1')!.id;
    second = groups.find((g) => g.level === '2')!.id;
    third = groups.find((g) => g.level === '3')!.id;
    network = await t.group('Netzwerk', 'specialist');
    first = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [serviceDesk] });
    secondAgent = await t.user({ role: 'agent', name: 'Zoe Zweitlevel', groupIds: [second] });
    thirdAgent = await t.user({ role: 'agent', name: 'Dirk Drittlevel', groupIds: [third] });
    specialist = await t.user({ role: 'agent', name: 'Nils Netzwerk', groupIds: [network] });
    await t.db.handle.db.updateTable('users').set({ locale: 'en' }).where('id', '=', secondAgent.id).execute();
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    other = await t.user({ role: 'customer', name: 'Olga Other' });
  });
  afterAll(() => t.close());

  const db = () => t.db.handle.db;
  /** The last queued job, after the events so far were delivered. */
  const lastJob = async () => {
    await t.dispatcher.drain();
    return (await db().selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;
  };
  /** Delivers the pending events and returns the mails they queued. */
  async function mailsAfter(jobId: number): Promise<OutgoingMail[]> {
    await t.dispatcher.drain();
    const rows = await db().selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).where('id', '>', jobId).orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.payload) as OutgoingMail);
  }
  async function newTicket(subject: string): Promise<{ id: number; version: number }> {
    const created = await customer.client.post('/api/v1/tickets', { subject, body: 'Der Drucker im 2. Stock druckt nicht.' });
    expect(created.status).toBe(201);
    await t.dispatcher.drain();
    return created.body;
  }

  it('escalates to the next level with a reason; the escalating agent reads along and finds it in "my escalations"', async () => {
    const ticket = await newTicket('Drucker');
    await first.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, assigneeId: first.id });
    const before = await first.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(before.body).toMatchObject({ level: '1', abilities: { escalate: true, handBack: false } });
    const jobs = await lastJob();

    const escalated = await first.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: '  Treiber neu installiert, Fehler bleibt.  ' });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ group: { id: second }, level: '2', assignee: null, version: before.body.version + 1 });
    // Read-only for the escalating agent: notes and the supervisors, no reply, no changes.
    expect(escalated.body.abilities).toEqual({ reply: false, note: true, update: [], statuses: [], merge: false, rate: false, escalate: false, handBack: false, notifySupervisors: true });

    // History: who, from where, to where, why (internal: the requester does not see it).
    const history = (await first.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items;
    expect(history.find((h: { kind: string }) => h.kind === 'escalated')).toMatchObject({
      field: 'group',
      oldValue: String(serviceDesk),
      newValue: String(second),
      reason: 'Treiber neu installiert, Fehler bleibt.',
      actor: { id: first.id },
    });
    expect((await customer.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items.map((h: { kind: string }) => h.kind)).not.toContain('escalated');
    const event = await db().selectFrom('domain_events').select(['type', 'actor_id', 'payload']).where('aggregate_id', '=', ticket.id).where('type', '=', 'ticket.escalated').executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(first.id);
    expect(JSON.parse(event.payload)).toEqual({
      scope: { groupId: second, requesterId: customer.id, organisationId: null },
      fromGroupId: serviceDesk,
      toGroupId: second,
      reason: 'Treiber neu installiert, Fehler bleibt.',
    });

    // The receiving group hears of it in its language, with the reason; the requester does not.
    const mails = await mailsAfter(jobs);
    expect(mails.map((m) => m.to)).toContain(secondAgent.email);
    expect(mails.map((m) => m.to)).not.toContain(customer.email);
    expect(mails.map((m) => m.to)).not.toContain(first.email);
    const mail = mails.find((m) => m.to === secondAgent.email)!;
    expect(mail.text).toContain(`Erika Erstlevel escalated ticket #${ticket.id} to your group 2nd Level Support. Reason:`);
    expect(mail.text).toContain('Treiber neu installiert, Fehler bleibt.');

    // Still readable, listed under "my escalations" (and in the counts), but not changeable.
    expect((await first.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(200);
    expect((await first.client.get(`/api/v1/tickets/${ticket.id}/messages`)).status).toBe(200);
    expect((await first.client.get('/api/v1/tickets?followed=me')).body.items.map((i: { id: number }) => i.id)).toEqual([ticket.id]);
    expect((await first.client.get('/api/v1/tickets')).body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    expect((await first.client.get('/api/v1/tickets/counts')).body).toMatchObject({ followed: 1 });
    expect((await secondAgent.client.get('/api/v1/tickets?followed=me')).body.items).toEqual([]);
    const patch = await first.client.patch(`/api/v1/tickets/${ticket.id}`, { version: escalated.body.version, status: 'pending' });
    expect(patch.status).toBe(403);
    expect(patch.body.error.message).toContain('2nd Level Support');
    expect((await first.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Antwort an den Kunden' })).status).toBe(403);
    expect((await first.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Nachtrag: betrifft auch Etage 3', internal: true })).status).toBe(201);
    expect((await first.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Notiz', internal: true, status: 'resolved' })).status).toBe(403);
    expect((await first.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'nochmal' })).status).toBe(403);

    // The 2nd level works on it and may escalate further.
    expect((await secondAgent.client.get(`/api/v1/tickets/${ticket.id}`)).body.abilities).toMatchObject({ reply: true, escalate: true, handBack: true });

    // Resolving it tells the agent who escalated it.
    const current = (await secondAgent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    const beforeResolve = await lastJob();
    expect((await secondAgent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: current.version, status: 'resolved' })).status).toBe(200);
    const resolvedMails = await mailsAfter(beforeResolve);
    expect(resolvedMails.find((m) => m.to === first.email)?.text).toContain(`Ticket #${ticket.id}, das Sie eskaliert haben, wurde gelöst.`);
  });

  it('escalates to a chosen specialist team or higher group, and refuses to go down, sideways or nowhere', async () => {
    const ticket = await newTicket('VPN');
    const toTeam = await first.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'Netzwerkthema', groupId: network });
    expect(toTeam.status).toBe(200);
    expect(toTeam.body).toMatchObject({ group: { id: network }, level: 'specialist' });
    // From a specialist team there is no "next level": the target must be chosen.
    const nowhere = await specialist.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'weiter' });
    expect(nowhere.status).toBe(409);
    expect(nowhere.body.error.message).toContain('specialist team');
    const down = await specialist.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'zurück', groupId: serviceDesk });
    expect(down.status).toBe(409);
    expect(down.body.error.fields).toEqual({ groupId: 'Not a higher level or a specialist team.' });

    const direct = await newTicket('Server');
    expect((await first.client.post(`/api/v1/tickets/${direct.id}/escalate`, { reason: 'Server down', groupId: third })).body.level).toBe('3');
    const top = await thirdAgent.client.post(`/api/v1/tickets/${direct.id}/escalate`, { reason: 'höher' });
    expect(top.status).toBe(409);
    expect(top.body.error.message).toContain('highest support level');
    const sideways = await thirdAgent.client.post(`/api/v1/tickets/${direct.id}/escalate`, { reason: 'runter', groupId: second });
    expect(sideways.status).toBe(409);
    expect((await thirdAgent.client.post(`/api/v1/tickets/${direct.id}/escalate`, { reason: 'dort', groupId: third })).status).toBe(409);
    expect((await thirdAgent.client.post(`/api/v1/tickets/${direct.id}/escalate`, { reason: 'x', groupId: 999_999 })).status).toBe(400);

    const fresh = await newTicket('Ohne Grund');
    for (const body of [{}, { reason: '' }, { reason: '   \n ' }, { reason: 42 }]) {
      const res = await first.client.post(`/api/v1/tickets/${fresh.id}/escalate`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('reason');
    }
    // Customers, the requester included, cannot escalate; another customer does not even see the ticket.
    expect((await customer.client.post(`/api/v1/tickets/${fresh.id}/escalate`, { reason: 'schneller bitte' })).status).toBe(403);
    expect((await other.client.post(`/api/v1/tickets/${fresh.id}/escalate`, { reason: 'x' })).status).toBe(403);
    expect((await other.client.get(`/api/v1/tickets/${fresh.id}`)).status).toBe(404);
    // An agent of another group neither sees nor escalates it.
    expect((await specialist.client.post(`/api/v1/tickets/${fresh.id}/escalate`, { reason: 'x' })).status).toBe(404);
    expect((await t.anonymous.post(`/api/v1/tickets/${fresh.id}/escalate`, { reason: 'x' })).status).toBe(401);
    // Nothing moved.
    expect((await first.client.get(`/api/v1/tickets/${fresh.id}`)).body).toMatchObject({ group: { id: serviceDesk }, version: fresh.version });
    expect(await db().selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', fresh.id).execute()).toEqual([]);
  });

  it('hands back step by step to where it was escalated from, with a note, and refuses when it never was', async () => {
    const ticket = await newTicket('Hand back');
    expect((await first.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'zurück' })).status).toBe(409);
    await first.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'zu schwer' });
    await secondAgent.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'Entwickler nötig' });
    expect((await thirdAgent.client.get(`/api/v1/tickets/${ticket.id}`)).body.level).toBe('3');
    // Only the group that has it (or an admin) hands it back.
    expect((await secondAgent.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'x' })).status).toBe(403);
    expect((await thirdAgent.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: ' ' })).status).toBe(400);
    const jobs = await lastJob();

    const back = await thirdAgent.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'Patch eingespielt, bitte mit dem Kunden testen.' });
    expect(back.status).toBe(200);
    expect(back.body.group.id).toBe(second);
    const mails = await mailsAfter(jobs);
    expect(mails.find((m) => m.to === secondAgent.email)?.text).toContain('Patch eingespielt, bitte mit dem Kunden testen.');
    expect(mails.find((m) => m.to === secondAgent.email)?.text).toContain(`handed ticket #${ticket.id} back to your group 2nd Level Support`);
    const handedBack = await db().selectFrom('domain_events').select('payload').where('aggregate_id', '=', ticket.id).where('type', '=', 'ticket.handed_back').executeTakeFirstOrThrow();
    expect(JSON.parse(handedBack.payload)).toMatchObject({ fromGroupId: third, toGroupId: second, reason: 'Patch eingespielt, bitte mit dem Kunden testen.' });

    expect((await t.admin.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'an den 1st Level' })).body.group.id).toBe(serviceDesk);
    expect((await first.client.get(`/api/v1/tickets/${ticket.id}`)).body.abilities).toMatchObject({ reply: true, handBack: false });
    const again = await first.client.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'noch weiter' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('no group to hand it back to');
    const kinds = (await first.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items.map((h: { kind: string }) => h.kind);
    expect(kinds.filter((k: string) => k === 'escalated' || k === 'handed_back')).toEqual(['escalated', 'escalated', 'handed_back', 'handed_back']);
  });

  it("notifies a group's supervisors without moving the ticket", async () => {
    const ticket = await newTicket('Wartet');
    await first.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'bitte übernehmen' });
    const noSupervisor = await first.client.post(`/api/v1/tickets/${ticket.id}/notify-supervisors`, { reason: 'liegt seit Tagen' });
    expect(noSupervisor.status).toBe(409);
    expect(noSupervisor.body.error.message).toContain('no supervisor');

    const boss = await t.user({ role: 'agent', name: 'Bea Boss' });
    expect((await secondAgent.client.request('PUT', `/api/v1/groups/${second}/members/${boss.id}`, { supervisor: true })).status).toBe(403);
    expect((await t.admin.client.request('PUT', `/api/v1/groups/${second}/members/${boss.id}`, { supervisor: true })).status).toBe(204);
    expect((await t.admin.client.request('PUT', `/api/v1/groups/${second}/members/${boss.id}`, { supervisor: 'yes' })).status).toBe(400);
    expect((await t.admin.client.get(`/api/v1/groups/${second}`)).body.members.find((m: { id: number }) => m.id === boss.id)).toMatchObject({ supervisor: true });
    const before = (await secondAgent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    const jobs = await lastJob();

    // The escalating agent (a follower) may call the supervisors of the group that has it now.
    const called = await first.client.post(`/api/v1/tickets/${ticket.id}/notify-supervisors`, { reason: 'Kunde wartet seit drei Tagen' });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ group: { id: second }, version: before.version });
    const mails = await mailsAfter(jobs);
    expect(mails.map((m) => m.to)).toEqual([boss.email]);
    expect(mails[0]!.text).toContain('Kunde wartet seit drei Tagen');
    const entry = (await secondAgent.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items.find((h: { kind: string }) => h.kind === 'supervisors_notified');
    expect(entry).toMatchObject({ newValue: String(second), reason: 'Kunde wartet seit drei Tagen', actor: { id: first.id } });
    expect(await db().selectFrom('domain_events').select('type').where('aggregate_id', '=', ticket.id).where('type', '=', 'ticket.supervisors_notified').execute()).toHaveLength(1);
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/notify-supervisors`, { reason: 'x' })).status).toBe(403);
    expect((await specialist.client.post(`/api/v1/tickets/${ticket.id}/notify-supervisors`, { reason: 'x' })).status).toBe(404);
    // PUT without a body keeps the flag; false takes it away.
    expect((await t.admin.client.request('PUT', `/api/v1/groups/${second}/members/${boss.id}`)).status).toBe(204);
    expect((await t.admin.client.get(`/api/v1/groups/${second}`)).body.members.find((m: { id: number }) => m.id === boss.id).supervisor).toBe(true);
    await t.admin.client.request('PUT', `/api/v1/groups/${second}/members/${boss.id}`, { supervisor: false });
    expect((await t.admin.client.get(`/api/v1/groups/${second}`)).body.members.find((m: { id: number }) => m.id === boss.id).supervisor).toBe(false);
  });

  it('escalates in bulk, reporting each ticket', async () => {
    const a = await newTicket('Bulk A');
    const b = await newTicket('Bulk B');
    await first.client.post(`/api/v1/tickets/${b.id}/escalate`, { reason: 'schon oben', groupId: third });
    const res = await first.client.post('/api/v1/tickets/bulk-escalate', { ids: [a.id, b.id], reason: 'Störung im Rechenzentrum' });
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject([
      { id: a.id, ok: true, ticket: { level: '2' } },
      { id: b.id, ok: false, error: { code: 'forbidden' } },
    ]);
    expect((await customer.client.post('/api/v1/tickets/bulk-escalate', { ids: [a.id], reason: 'x' })).status).toBe(403);
  });

  it('routes a new ticket to the group of its category, unless an agent chooses one', async () => {
    const printers = (await t.admin.client.post('/api/v1/categories', { name: 'Drucker', groupId: network, escalationGroupId: third })).body;
    expect(printers).toMatchObject({ groupId: network, escalationGroupId: third });
    expect((await t.admin.client.post('/api/v1/categories', { name: 'Kaputt', groupId: 999_999 })).body.error.fields).toEqual({ groupId: 'Unknown group.' });
    expect((await secondAgent.client.patch(`/api/v1/categories/${printers.id}`, { groupId: second })).status).toBe(403);

    const byCustomer = await customer.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'Papierstau', categoryId: printers.id });
    expect(byCustomer.body).toMatchObject({ group: { id: network }, level: 'specialist' });
    const created = await db().selectFrom('domain_events').select('payload').where('aggregate_id', '=', byCustomer.body.id).where('type', '=', 'ticket.created').executeTakeFirstOrThrow();
    expect(JSON.parse(created.payload).scope.groupId).toBe(network);
    const chosen = await t.admin.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'x', categoryId: printers.id, groupId: second, requesterEmail: customer.email });
    expect(chosen.body.group.id).toBe(second);

    // Mail carries no category: a mail-created ticket lands in the default group, goes through
    // the same command, and escalates like any other.
    const intake = await startIntake(t);
    try {
      await intake.deliver(rawMail({ From: `Karl Kunde <${customer.email}>`, Subject: 'Drucker per Mail' }, 'Papierstau im 3. OG'));
      await intake.drain();
      const byMail = (await first.client.get('/api/v1/tickets?q=Papierstau')).body.items[0];
      expect(byMail).toMatchObject({ channel: 'email', group: { id: serviceDesk }, level: '1' });
      expect((await first.client.post(`/api/v1/tickets/${byMail.id}/escalate`, { reason: 'Hardware', groupId: network })).body.level).toBe('specialist');
    } finally {
      await intake.close();
    }

    expect((await t.admin.client.patch(`/api/v1/categories/${printers.id}`, { groupId: null })).body.groupId).toBeNull();
    expect((await customer.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'y', categoryId: printers.id })).body.group.id).toBe(serviceDesk);
  });
});
