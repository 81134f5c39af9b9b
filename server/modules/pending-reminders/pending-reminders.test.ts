import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB, type OutgoingMail } from '../mail/outgoing-mail.ts';
import { PENDING_REMINDER_REASON } from '../../../shared/enums.ts';
import { firePendingReminder, PENDING_REMINDER_JOB } from './fire-pending-reminder.ts';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR);
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

/**
 * Pending reminders as agents use them: set with pending, refused without it or in the past,
 * hidden from requesters, moved and cleared (the timer goes with it), and coming due on a
 * controllable clock: the ticket reopens through updateTicket as the reminder's user, the
 * history says so, the assignee (or the group) is mailed, the SLA clock runs again.
 */
describe.each(DIALECTS)('pending reminders on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let colleague: TestUser;
  let customer: TestUser;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    await t.dispatcher.drain();
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [serviceDesk] });
    colleague = await t.user({ role: 'agent', name: 'Kurt Kollege', groupIds: [serviceDesk] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    const calendar = (await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7', timeZone: 'Europe/Berlin', hours: allDay })).body.id;
    expect((await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Alle', calendarId: calendar, firstResponseMinutes: 600, resolutionMinutes: 6000 })).status).toBe(201);
  });
  afterAll(() => t?.close());

  async function newTicket(subject: string, assignee?: TestUser) {
    const created = await agent.client.post('/api/v1/tickets', { subject, body: 'Bitte um Rückruf.', requesterEmail: customer.email });
    expect(created.status).toBe(201);
    if (!assignee) return created.body as { id: number; version: number };
    const assigned = await agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, assigneeId: assignee.id });
    expect(assigned.status).toBe(200);
    return assigned.body as { id: number; version: number };
  }
  const queuedTimers = async (ticketId: number) =>
    (await db().selectFrom('jobs').select(['run_at', 'payload']).where('kind', '=', PENDING_REMINDER_JOB).where('status', '=', 'queued').execute()).filter(
      (j) => (JSON.parse(j.payload) as { ticketId: number }).ticketId === ticketId,
    );
  const mailsSince = async (jobId: number) =>
    (await db().selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).where('id', '>', jobId).execute()).map((r) => JSON.parse(r.payload) as OutgoingMail);
  const lastJobId = async () => (await db().selectFrom('jobs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? 0;

  it('comes due: reopens, says so in the history, mails the assignee and resumes the SLA clock', async () => {
    const ticket = await newTicket('Drucker im 3. Stock', agent);
    const due = inHours(2).toISOString();
    const pending = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingUntil: due });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ status: 'pending', pendingUntil: due });
    await t.dispatcher.drain();
    expect((await queuedTimers(ticket.id)).map((j) => j.run_at)).toEqual([due]);
    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body.sla.pausedSince).not.toBeNull();

    // The requester sees neither the reminder nor its history, and may not set it.
    const seen = await customer.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(seen.body.status).toBe('pending');
    expect(seen.body.pendingUntil).toBeNull();
    expect(JSON.stringify((await customer.client.get(`/api/v1/tickets/${ticket.id}/history`)).body)).not.toContain('pendingUntil');
    expect(JSON.stringify((await customer.client.get('/api/v1/tickets')).body)).not.toContain(due);
    const bySelf = await customer.client.patch(`/api/v1/tickets/${ticket.id}`, { version: pending.body.version, pendingUntil: inHours(5).toISOString() });
    expect(bySelf.status).toBe(403);

    // Before its time nothing happens; after it, once.
    expect(await firePendingReminder(db(), ticket.id, inHours(1))).toBe(false);
    const before = await lastJobId();
    expect(await firePendingReminder(db(), ticket.id, inHours(3))).toBe(true);
    expect(await firePendingReminder(db(), ticket.id, inHours(4))).toBe(false);
    await t.dispatcher.drain();

    const reopened = (await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(reopened).toMatchObject({ status: 'open', pendingUntil: null });
    expect(reopened.sla.pausedSince).toBeNull();
    const history = (await agent.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items as Array<{
      field: string;
      oldValue: string;
      newValue: string;
      reason: string;
      actor: { name: string };
    }>;
    const byReminder = history.filter((h) => h.reason === PENDING_REMINDER_REASON);
    expect(byReminder.map((h) => [h.field, h.oldValue, h.newValue, h.actor.name])).toEqual([
      ['status', 'pending', 'open', 'Reminder'],
      ['pendingUntil', due, null, 'Reminder'],
    ]);
    const mails = await mailsSince(before);
    expect(mails.map((m) => m.to)).toEqual([agent.email]);
    expect(mails[0]!.text).toContain(`#${ticket.id}`);
  });

  it('the reminder of an unassigned ticket mails its group', async () => {
    const ticket = await newTicket('Kein Bearbeiter');
    await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingUntil: inHours(1).toISOString() });
    await t.dispatcher.drain();
    const before = await lastJobId();
    expect(await firePendingReminder(db(), ticket.id, inHours(2))).toBe(true);
    await t.dispatcher.drain();
    const to = (await mailsSince(before)).map((m) => m.to);
    expect(to).toEqual(expect.arrayContaining([agent.email, colleague.email]));
    expect(to).not.toContain(customer.email);
  });

  it('refuses a reminder in the past or without pending, with sentences', async () => {
    const ticket = await newTicket('Prüfungen');
    const past = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingUntil: inHours(-1).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.fields.pendingUntil).toMatch(/later/);
    const open = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, pendingUntil: inHours(1).toISOString() });
    expect(open.status).toBe(400);
    expect(open.body.error.message).toMatch(/only goes with the status pending/);
    const resolved = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'resolved', pendingUntil: inHours(1).toISOString() });
    expect(resolved.status).toBe(400);
    const garbage = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingUntil: 'morgen' });
    expect(garbage.status).toBe(400);
    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body).toMatchObject({ status: 'new', pendingUntil: null, version: ticket.version });
  });

  it('moving the reminder moves its timer; clearing it or leaving pending cancels it', async () => {
    const ticket = await newTicket('Verschieben');
    const first = inHours(1).toISOString();
    const later = inHours(5).toISOString();
    let v = (await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingUntil: first })).body.version;
    await t.dispatcher.drain();
    const moved = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: v, pendingUntil: later });
    expect(moved.body.pendingUntil).toBe(later);
    v = moved.body.version;
    await t.dispatcher.drain();
    expect((await queuedTimers(ticket.id)).map((j) => j.run_at)).toEqual([later]);
    // At the first time nothing happens: the reminder moved.
    expect(await firePendingReminder(db(), ticket.id, inHours(2))).toBe(false);

    const cleared = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: v, pendingUntil: null });
    expect(cleared.body).toMatchObject({ status: 'pending', pendingUntil: null });
    await t.dispatcher.drain();
    expect(await queuedTimers(ticket.id)).toEqual([]);
    expect(await firePendingReminder(db(), ticket.id, inHours(6))).toBe(false);

    // Set again, then the agent reopens by hand: the reminder goes with pending.
    v = (await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: cleared.body.version, pendingUntil: later })).body.version;
    await t.dispatcher.drain();
    expect(await queuedTimers(ticket.id)).toHaveLength(1);
    const byHand = await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: v, status: 'open' });
    expect(byHand.body).toMatchObject({ status: 'open', pendingUntil: null });
    await t.dispatcher.drain();
    expect(await queuedTimers(ticket.id)).toEqual([]);

    // And when the requester answers a pending ticket (pending → open by the reply).
    v = (await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: byHand.body.version, status: 'pending', pendingUntil: later })).body.version;
    await t.dispatcher.drain();
    expect((await customer.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Hier die Antwort.' })).status).toBe(201);
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body).toMatchObject({ status: 'open', pendingUntil: null });
    expect(await queuedTimers(ticket.id)).toEqual([]);
  });
});
