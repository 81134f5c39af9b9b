import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { chunkAndOneByOne, eventsAfter, newestEventId } from '../../test/chunk-and-one-by-one.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { SLA_CHECK_JOB } from './check-sla-clock.ts';
import { slaSubscriber } from './sla.subscriber.ts';

const office = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']], sat: [], sun: [] };
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

/**
 * The SLA clock subscriber handles a chunk of events together (one read of the clocks and the
 * tickets, one write of each kind). Whatever the chunk holds, the clocks and timer jobs must be
 * exactly those that handling the events one at a time leaves: a later event of a ticket
 * continues the clock an earlier one left, a clock whose policy no longer matches goes.
 */
describe.each(DIALECTS)('SLA clocks of a chunk of events on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let employee: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    await t.dispatcher.drain();
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel' });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    employee = await t.user({ role: 'customer', name: 'Ida Intern', organisationId: await t.organisation('Eigene Firma', { kind: 'internal' }) });
    const munich = await t.admin.client.post('/api/v1/admin/calendars', { name: 'Büro München', timeZone: 'Europe/Berlin', hours: office, holidays: { country: 'DE', state: 'BY' } });
    const control = await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7', timeZone: 'Europe/Berlin', hours: allDay });
    const urgent = { name: 'Dringend', calendarId: control.body.id, conditions: { priority: ['urgent', 'high'] }, firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 240 };
    expect((await t.admin.client.post('/api/v1/admin/sla-policies', urgent)).status).toBe(201);
    const external = { name: 'Kunden', calendarId: munich.body.id, conditions: { requesterKind: ['external'] }, firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2400 };
    expect((await t.admin.client.post('/api/v1/admin/sla-policies', external)).status).toBe(201);
  });
  afterAll(() => t.close());

  /** The clocks and timer jobs the subscriber leaves for `events`, as one chunk and one by one (each undone afterwards). */
  function outcomeOf(events: StoredEvent[]) {
    return chunkAndOneByOne(t.db.handle.db, dialect, slaSubscriber(), events, async (trx, newestJob) => ({
      clocks: (await trx.selectFrom('ticket_sla').selectAll().orderBy('ticket_id').execute()) as Array<Record<string, unknown>>,
      timers: await trx.selectFrom('jobs').select(['payload', 'run_at']).where('kind', '=', SLA_CHECK_JOB).where('id', '>', newestJob).orderBy('id').execute(),
    }));
  }

  const version = async (id: number): Promise<number> => (await agent.client.get(`/api/v1/tickets/${id}`)).body.version;

  it('leaves the same clocks and timers for a chunk as for its events one by one', async () => {
    const db = t.db.handle.db;
    // Two tickets whose clocks exist before the chunk: a customer's (the external policy) and an
    // employee's high-priority one (the urgent policy).
    const printer = (await customer.client.post('/api/v1/tickets', { subject: 'Drucker druckt nicht', body: 'Seit heute früh kommt nichts aus dem Drucker.' })).body;
    const vpn = (await agent.client.post('/api/v1/tickets', { subject: 'VPN bricht ab', body: 'Das VPN trennt stündlich.', requesterId: employee.id, priority: 'high' })).body;
    await t.dispatcher.drain();
    const clocked = await db.selectFrom('ticket_sla').select(['ticket_id', 'policy_id']).where('ticket_id', 'in', [printer.id, vpn.id]).execute();
    expect(clocked).toHaveLength(2);
    const first = await newestEventId(db);

    // The printer ticket: first response, pending (paused), the customer answers (resumes and
    // waits for the next response), then it becomes urgent (the other policy).
    expect((await agent.client.post(`/api/v1/tickets/${printer.id}/messages`, { body: 'Bitte starten Sie den Drucker neu.', status: 'pending' })).status).toBe(201);
    expect((await customer.client.post(`/api/v1/tickets/${printer.id}/messages`, { body: 'Hat nicht geholfen.' })).status).toBe(201);
    expect((await agent.client.patch(`/api/v1/tickets/${printer.id}`, { version: await version(printer.id), priority: 'urgent' })).status).toBe(200);
    // The employee's ticket drops to normal priority: no policy matches, its clock goes.
    expect((await agent.client.patch(`/api/v1/tickets/${vpn.id}`, { version: await version(vpn.id), priority: 'normal' })).status).toBe(200);
    // A new urgent ticket for the customer, answered and resolved, then reopened by a reply.
    const mail = (await agent.client.post('/api/v1/tickets', { subject: 'Mailserver down', body: 'Niemand bekommt Mails.', requesterId: customer.id, priority: 'urgent' })).body;
    expect((await agent.client.post(`/api/v1/tickets/${mail.id}/messages`, { body: 'Wir sind dran.' })).status).toBe(201);
    expect((await agent.client.patch(`/api/v1/tickets/${mail.id}`, { version: await version(mail.id), status: 'resolved' })).status).toBe(200);
    expect((await customer.client.post(`/api/v1/tickets/${mail.id}/messages`, { body: 'Schon wieder weg.' })).status).toBe(201);
    // A new ticket of the employee at normal priority: no clock at all.
    const chair = (await employee.client.post('/api/v1/tickets', { subject: 'Stuhl kaputt', body: 'Die Lehne wackelt.' })).body;

    const events = await eventsAfter(db, first, slaSubscriber());
    expect(events.length).toBeGreaterThanOrEqual(9);
    const { chunk, oneByOne } = await outcomeOf(events);
    expect(chunk).toEqual(oneByOne);

    // Not an empty agreement: each ticket's clock is where its story left it.
    const clockOf = (id: number) => chunk.clocks.find((c) => c.ticket_id === id);
    const [urgentPolicy, externalPolicy] = [clocked.find((c) => c.ticket_id === vpn.id)!.policy_id, clocked.find((c) => c.ticket_id === printer.id)!.policy_id];
    expect(urgentPolicy).not.toBe(externalPolicy);
    expect(clockOf(printer.id)).toMatchObject({ policy_id: urgentPolicy, paused_since: null, first_responded_at: expect.any(String), next_response_since: expect.any(String) });
    expect(clockOf(vpn.id)).toBeUndefined();
    expect(clockOf(chair.id)).toBeUndefined();
    expect(clockOf(mail.id)).toMatchObject({ policy_id: urgentPolicy, stopped_at: null, first_responded_at: expect.any(String), next_response_since: expect.any(String) });
    const timedTickets = new Set(chunk.timers.map((job) => (JSON.parse(job.payload) as { ticketId: number }).ticketId));
    expect(timedTickets).toEqual(new Set([printer.id, mail.id]));
  });
});
