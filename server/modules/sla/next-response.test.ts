import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB } from '../mail/outgoing-mail.ts';
import { checkSlaClock } from './check-sla-clock.ts';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
const MINUTE = 60_000;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE);

/**
 * A requester's path through an SLA with a next-response target: the agent answers, the
 * requester writes back, and the agent must answer again in time (timers driven by a
 * controllable clock). Internal and external requesters get different policies; requesters
 * never see the `sla` object; a policy can leave the supervisors out of a breach.
 */
describe.each(DIALECTS)('next response and what requesters see, on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let boss: TestUser;
  let customer: TestUser;
  let employee: TestUser;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    await t.dispatcher.drain();
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [serviceDesk] });
    boss = await t.user({ role: 'agent', name: 'Berta Boss', groupIds: [serviceDesk] });
    expect((await t.admin.client.request('PUT', `/api/v1/groups/${serviceDesk}/members/${boss.id}`, { supervisor: true })).status).toBe(204);
    const it = await t.admin.client.post('/api/v1/organisations', { name: 'Eigene IT', kind: 'internal' });
    const acme = await t.admin.client.post('/api/v1/organisations', { name: 'Acme GmbH', kind: 'customer' });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde', organisationId: acme.body.id });
    employee = await t.user({ role: 'customer', name: 'Mia Mitarbeiterin', organisationId: it.body.id });

    const calendar = await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7', timeZone: 'Europe/Berlin', hours: allDay });
    const internal = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'Intern',
      calendarId: calendar.body.id,
      conditions: { requesterKind: ['internal'] },
      firstResponseMinutes: 240,
      resolutionMinutes: 4800,
    });
    expect(internal.status).toBe(201);
    expect(internal.body.conditions).toEqual({ requesterKind: ['internal'] });
    const external = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'Gold-Kunden',
      calendarId: calendar.body.id,
      conditions: { requesterKind: ['external'] },
      firstResponseMinutes: 60,
      nextResponseMinutes: 120,
      resolutionMinutes: 4800,
      warningPercent: 75,
      onBreach: { escalate: false, raisePriority: false, notifySupervisors: false },
    });
    expect(external.status).toBe(201);
    expect(external.body).toMatchObject({ nextResponseMinutes: 120, onBreach: { escalate: false, raisePriority: false, notifySupervisors: false } });
    const bad = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'X',
      calendarId: calendar.body.id,
      conditions: { requesterKind: ['vip'] },
      firstResponseMinutes: 1,
      resolutionMinutes: 2,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toMatch(/internal.+external/);
  });
  afterAll(() => t.close());

  it('picks the policy by internal or external requester', async () => {
    const mine = await employee.client.post('/api/v1/tickets', { subject: 'Passwort abgelaufen', body: 'Bitte zurücksetzen.' });
    const theirs = await customer.client.post('/api/v1/tickets', { subject: 'Rechnung fehlt', body: 'Wo ist sie?' });
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${mine.body.id}`)).body.sla.policy.name).toBe('Intern');
    expect((await agent.client.get(`/api/v1/tickets/${theirs.body.id}`)).body.sla.policy.name).toBe('Gold-Kunden');
  });

  it('times the answer to a requester reply, warns at the share and records the breach without calling the supervisors', async () => {
    const created = await customer.client.post('/api/v1/tickets', { subject: 'VPN-Zugang', body: 'Geht nicht.' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${id}`)).body.sla).toMatchObject({ nextResponseDueAt: null, nextResponseBreached: false });

    expect((await agent.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Welche Fehlermeldung sehen Sie?' })).status).toBe(201);
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${id}`)).body.sla.nextResponseDueAt).toBeNull();

    const reply = await customer.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Fehler 809.' });
    expect(reply.status).toBe(201);
    await t.dispatcher.drain();
    const waiting = (await agent.client.get(`/api/v1/tickets/${id}`)).body.sla;
    // Two hours (24/7) from the reply's event, which is stamped a moment after the message row.
    const due = waiting.nextResponseDueAt as string;
    expect(Date.parse(due) - plus(reply.body.createdAt, 120).getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(due) - plus(reply.body.createdAt, 120).getTime()).toBeLessThan(1000);

    const jobsBefore = (await db().selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;
    // Warning share 75 %: 90 of the 120 minutes, i.e. 30 minutes before the due time.
    expect(await checkSlaClock(db(), id, plus(due, -31))).toEqual({ warnings: [], breaches: [] });
    expect(await checkSlaClock(db(), id, plus(due, -30))).toEqual({ warnings: ['next_response'], breaches: [] });
    expect((await agent.client.get(`/api/v1/tickets/${id}`)).body.sla.atRisk).toBe(true);
    expect((await agent.client.get('/api/v1/tickets?sla=at_risk')).body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(await checkSlaClock(db(), id, plus(due, 0))).toEqual({ warnings: [], breaches: ['next_response'] });
    await t.dispatcher.drain();

    const breached = (await agent.client.get(`/api/v1/tickets/${id}`)).body.sla;
    expect(breached).toMatchObject({ nextResponseBreached: true, firstResponseBreached: false, atRisk: false });
    expect((await agent.client.get('/api/v1/tickets?sla=breached')).body.items.map((i: { id: number }) => i.id)).toContain(id);
    const rows = await db().selectFrom('sla_breaches').select(['target', 'due_at']).where('ticket_id', '=', id).execute();
    expect(rows).toEqual([{ target: 'next_response', due_at: due }]);
    // notifySupervisors: false — no mail to the supervisor.
    const mails = await db().selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).where('id', '>', jobsBefore).execute();
    expect(mails.some((m) => (JSON.parse(m.payload) as { to: string }).to === boss.email)).toBe(false);

    // The agent answers; the requester writes again: a second wait, a second breach recorded apart.
    expect((await agent.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Bitte Client neu installieren.' })).status).toBe(201);
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${id}`)).body.sla.nextResponseDueAt).toBeNull();
    const again = await customer.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Hat nicht geholfen.' });
    await t.dispatcher.drain();
    const second = (await agent.client.get(`/api/v1/tickets/${id}`)).body.sla;
    expect(second.nextResponseBreached).toBe(false);
    expect(Date.parse(second.nextResponseDueAt)).toBeGreaterThanOrEqual(plus(again.body.createdAt, 120).getTime());
    expect(await checkSlaClock(db(), id, plus(second.nextResponseDueAt, 0))).toEqual({ warnings: [], breaches: ['next_response'] });
    expect(await db().selectFrom('sla_breaches').select('target').where('ticket_id', '=', id).execute()).toHaveLength(2);
  });

  it('shows requesters no sla — one ticket, lists, similar tickets — and refuses their SLA filter', async () => {
    const created = await customer.client.post('/api/v1/tickets', { subject: 'Drucker Etage 3', body: 'Papierstau.' });
    await t.dispatcher.drain();
    const id = created.body.id as number;
    expect(created.body.sla).toBeNull();
    expect((await agent.client.get(`/api/v1/tickets/${id}`)).body.sla.policy.name).toBe('Gold-Kunden');

    const one = await customer.client.get(`/api/v1/tickets/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.sla).toBeNull();
    const list = await customer.client.get('/api/v1/tickets');
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((i: { sla: unknown }) => i.sla === null)).toBe(true);
    const similar = await customer.client.get('/api/v1/tickets/similar?q=Drucker');
    expect(similar.body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(similar.body.items.every((i: { sla: unknown }) => i.sla === null)).toBe(true);
    const closed = await customer.client.patch(`/api/v1/tickets/${id}`, { version: one.body.version, status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.sla).toBeNull();
    expect(JSON.stringify([one.body, list.body, similar.body, closed.body])).not.toContain('Gold-Kunden');

    const filtered = await customer.client.get('/api/v1/tickets?sla=breached');
    expect(filtered.status).toBe(403);
    expect(filtered.body.error.message).toMatch(/for agents/);
  });
});
