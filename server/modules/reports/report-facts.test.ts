import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';
import { refreshReportFactsBetween, staleReportFacts } from './report-facts.ts';

/**
 * The summary reads `ticket_report_facts`, kept by a subscriber. Here a varied set of tickets
 * (reopened, merged, pending, breached, rated, escalated between groups) is made through the
 * API, and the stored facts must equal the per-ticket look-ups over messages, history and
 * ratings that the summary used to make at read time (`staleReportFacts`), and the summary must
 * not change when every row is recomputed from those look-ups.
 */
describe.each(DIALECTS)('report facts on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;

  const version = async (id: number) => (await t.admin.client.get(`/api/v1/tickets/${id}`)).body.version as number;
  const open = async (subject: string, over: Record<string, unknown> = {}) => {
    const res = await cast.customer.client.post('/api/v1/tickets', { subject, body: 'Bitte helfen.', ...over });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const reply = async (id: number, body: Record<string, unknown> = {}) => expect((await cast.agent.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Antwort', ...body })).status).toBe(201);
  const setStatus = async (id: number, status: string) => expect((await t.admin.client.patch(`/api/v1/tickets/${id}`, { status, version: await version(id) })).status).toBe(200);

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    cast = await t.cast();
    await t.dispatcher.drain();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the facts equal to the tickets’ history, and the summary with them', async () => {
    const printers = await t.category('Drucker');
    const calendar = await t.admin.client.post('/api/v1/admin/calendars', {
      name: 'Immer',
      timeZone: 'Europe/Berlin',
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    });
    const policy = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'Drucker',
      calendarId: calendar.body.id,
      conditions: { categoryId: [printers] },
      firstResponseMinutes: 15,
      resolutionMinutes: 600,
      onBreach: { escalate: false, raisePriority: false, notifySupervisors: false },
    });
    expect(policy.status).toBe(201);

    // Resolved at the first reply and rated twice (the latest rating counts).
    const rated = await open('Toner leer', { categoryId: printers });
    await reply(rated, { status: 'resolved' });
    await t.dispatcher.drain();
    expect((await cast.customer.client.post(`/api/v1/tickets/${rated}/satisfaction`, { rating: 2 })).status).toBe(200);
    expect((await cast.customer.client.post(`/api/v1/tickets/${rated}/satisfaction`, { rating: 4 })).status).toBe(200);
    // Resolved, reopened by the requester's answer, resolved again.
    const reopened = await open('Drucker druckt nicht', { categoryId: printers });
    await reply(reopened);
    await setStatus(reopened, 'resolved');
    expect((await cast.customer.client.post(`/api/v1/tickets/${reopened}/messages`, { body: 'Geht doch nicht.' })).status).toBe(201);
    await setStatus(reopened, 'closed');
    // Waiting for the customer, with an internal note and an automatic-free public reply.
    const pending = await open('Zugang fehlt');
    await reply(pending, { internal: true });
    await reply(pending, { status: 'pending' });
    // Escalated to the network team and answered there.
    const escalated = await open('VPN bricht ab');
    expect((await cast.agent.client.post(`/api/v1/tickets/${escalated}/escalate`, { reason: 'Netzwerk prüfen', groupId: cast.network })).status).toBe(200);
    expect((await cast.specialist.client.post(`/api/v1/tickets/${escalated}/messages`, { body: 'Schauen wir an.' })).status).toBe(201);
    // A missed first response, recorded as the SLA timer would.
    const breached = await open('Papierstau', { categoryId: printers });
    await t.dispatcher.drain();
    await t.db.handle.db
      .insertInto('sla_breaches')
      .values({ ticket_id: breached, policy_id: policy.body.id, target: 'first_response', due_at: new Date().toISOString(), breached_at: new Date().toISOString() })
      .execute();

    // A duplicate with an agent reply merged into another ticket: the target receives the reply.
    const target = await open('Monitor flackert');
    const duplicate = await open('Monitor flackert immer noch');
    await reply(duplicate);
    await t.dispatcher.drain();
    expect((await t.admin.client.post(`/api/v1/tickets/${duplicate}/merge`, { targetId: target })).status).toBe(200);
    // Before the subscriber ran, the merge's target is behind its history; afterwards nothing is.
    expect(await staleReportFacts(t.db.handle.db)).toContain(target);
    await t.dispatcher.drain();
    expect(await staleReportFacts(t.db.handle.db)).toEqual([]);
    const facts = await t.db.handle.db.selectFrom('ticket_report_facts').selectAll().orderBy('ticket_id').execute();
    expect(facts.find((f) => f.ticket_id === rated)).toMatchObject({ agent_replies: 1, rating: 4, reopened: 0 });
    expect(facts.find((f) => f.ticket_id === reopened)).toMatchObject({ agent_replies: 1, reopened: 1 });
    expect(facts.find((f) => f.ticket_id === escalated)).toMatchObject({ agent_replies: 1, escalated: 1 });
    expect(facts.find((f) => f.ticket_id === target)).toMatchObject({ agent_replies: 1 });
    expect(facts.find((f) => f.ticket_id === duplicate)).toMatchObject({ agent_replies: 0 });

    // A period around today in every time zone, read through the route as each caller.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const summaries = async () => {
      const out = [];
      for (const who of [t.admin, cast.agent, cast.specialist]) {
        const res = await who.client.get(`/api/v1/reports/summary?from=${day(-1)}&to=${day(1)}`);
        expect(res.status).toBe(200);
        out.push(res.body);
      }
      return out;
    };
    const fromSubscriber = await summaries();
    expect(fromSubscriber[0]).toMatchObject({ created: 7, escalationRate: 0.143, slaCompliance: 0.667, csat: { average: 4, count: 1 } });
    const last = Math.max(...facts.map((f) => f.ticket_id));
    await refreshReportFactsBetween(t.db.handle.db, 1, last);
    expect(await summaries()).toEqual(fromSubscriber);
  });
});
