import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

/**
 * A controlled week of tickets, made through the API at set clock times, so every figure has
 * a known answer. The agent reads in New York (UTC−4 after 8 March 2026), the admin in Berlin (UTC+1).
 *
 *  ticket | created (UTC)     | New York     | what happens (minutes after creation)
 *  T1     | 03-10 05:00       | 03-10 01:00  | reply 30, resolved 60; rated 5; SLA kept          → first contact resolution
 *  T2     | 03-10 12:00       | 03-10 08:00  | replies 10 and 20, resolved 120; rated 3; SLA breached
 *  T3     | 03-11 15:00       | 03-11 11:00  | reply 90, resolved 100, reopened 200, resolved 300
 *  T4     | 03-11 20:00       | 03-11 16:00  | internal note 5, escalated 6; open
 *  T5     | 03-12 03:30       | 03-11 23:30  | open (UTC says 12 March, New York 11 March)
 *  T6     | 03-10 03:30       | 03-09 23:30  | resolved 150 (03-10 06:00): counts as resolved, not as created
 *  T7     | 03-12 05:00       | 03-12 01:00  | after the period
 */
describe.each(DIALECTS)('reports on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  let printers: number;
  const ids: Record<string, number> = {};

  // The clock runs on from each set time (the PostgreSQL dispatcher waits on it); later steps
  // are set 20 s into their minute, so the few milliseconds each step takes never cost a minute.
  const at = (iso: string, minutes = 0) => vi.setSystemTime(new Date(Date.parse(iso) + minutes * 60_000 + (minutes > 0 ? 20_000 : 0)));
  const version = async (id: number) => (await cast.agent.client.get(`/api/v1/tickets/${id}`)).body.version as number;
  const open = async (name: string, created: string, over: Record<string, unknown> = {}) => {
    at(created);
    const res = await cast.customer.client.post('/api/v1/tickets', { subject: `Ticket ${name}`, body: 'Bitte helfen.', ...over });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
    await t.dispatcher.drain();
    return res.body.id as number;
  };
  const reply = async (id: number, created: string, minutes: number, body: Record<string, unknown> = {}) => {
    at(created, minutes);
    expect((await cast.agent.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Antwort', ...body })).status).toBe(201);
    await t.dispatcher.drain();
  };
  const setStatus = async (id: number, created: string, minutes: number, status: string) => {
    at(created, minutes);
    expect((await t.admin.client.patch(`/api/v1/tickets/${id}`, { status, version: await version(id) })).status).toBe(200);
    await t.dispatcher.drain();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    cast = await t.cast();
    await t.dispatcher.drain();
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    at('2026-03-01T09:00:00Z');
    printers = await t.category('=Drucker, "Büro"');
    const calendar = await t.admin.client.post('/api/v1/admin/calendars', {
      name: 'Rund um die Uhr',
      timeZone: 'Europe/Berlin',
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    });
    expect(calendar.status).toBe(201);
    const policy = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'Drucker',
      calendarId: calendar.body.id,
      conditions: { categoryId: [printers] },
      firstResponseMinutes: 15,
      resolutionMinutes: 600,
      onBreach: { escalate: false, raisePriority: false, notifySupervisors: false },
    });
    expect(policy.status).toBe(201);
    expect((await cast.agent.client.patch('/api/v1/me/profile', { timeZone: 'America/New_York' })).status).toBe(200);

    const t1 = await open('T1', '2026-03-10T05:00:00Z', { categoryId: printers });
    await reply(t1, '2026-03-10T05:00:00Z', 30);
    await setStatus(t1, '2026-03-10T05:00:00Z', 60, 'resolved');
    expect((await cast.customer.client.post(`/api/v1/tickets/${t1}/satisfaction`, { rating: 5 })).status).toBe(200);

    const t2 = await open('T2', '2026-03-10T12:00:00Z', { categoryId: printers });
    await reply(t2, '2026-03-10T12:00:00Z', 10);
    await reply(t2, '2026-03-10T12:00:00Z', 20);
    await setStatus(t2, '2026-03-10T12:00:00Z', 120, 'resolved');
    expect((await cast.customer.client.post(`/api/v1/tickets/${t2}/satisfaction`, { rating: 3 })).status).toBe(200);

    const t3 = await open('T3', '2026-03-11T15:00:00Z');
    await reply(t3, '2026-03-11T15:00:00Z', 90);
    await setStatus(t3, '2026-03-11T15:00:00Z', 100, 'resolved');
    at('2026-03-11T15:00:00Z', 200);
    expect((await cast.customer.client.post(`/api/v1/tickets/${t3}/messages`, { body: 'Geht doch nicht.' })).status).toBe(201);
    await t.dispatcher.drain();
    await setStatus(t3, '2026-03-11T15:00:00Z', 300, 'resolved');

    const t4 = await open('T4', '2026-03-11T20:00:00Z');
    await reply(t4, '2026-03-11T20:00:00Z', 5, { internal: true });
    at('2026-03-11T20:00:00Z', 6);
    expect((await cast.agent.client.post(`/api/v1/tickets/${t4}/escalate`, { reason: 'Netzwerk prüfen', groupId: cast.network })).status).toBe(200);
    await t.dispatcher.drain();

    await open('T5', '2026-03-12T03:30:00Z');
    const t6 = await open('T6', '2026-03-10T03:30:00Z');
    await setStatus(t6, '2026-03-10T03:30:00Z', 150, 'resolved');
    await open('T7', '2026-03-12T05:00:00Z');

    // The SLA's timer jobs are not run here: T2's missed first response is recorded as the timer would.
    await t.db.handle.db
      .insertInto('sla_breaches')
      .values({ ticket_id: t2, policy_id: policy.body.id, target: 'first_response', due_at: '2026-03-10T12:15:00.000Z', breached_at: '2026-03-10T12:15:00.000Z' })
      .execute();
    vi.useRealTimers();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  const period = 'from=2026-03-10&to=2026-03-11';

  it('counts every key figure of a period in the caller’s time zone', async () => {
    const res = await cast.agent.client.get(`/api/v1/reports/summary?${period}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 5,
      resolved: 4,
      backlog: 2,
      firstResponseMinutes: { median: 30, p90: 90 },
      resolutionMinutes: { median: 100, p90: 120 },
      firstContactResolutionRate: 0.333,
      // T4 was escalated out of the agent's groups; they follow it and still count it.
      escalationRate: 0.2,
      reopenRate: 0.333,
      slaCompliance: 0.5,
      csat: { average: 4, count: 2 },
    });
    // The admin's scope is every ticket (no look-up of the tickets): in Berlin time the same four
    // resolutions fall into the period, T3's two counted once.
    expect((await t.admin.client.get(`/api/v1/reports/summary?${period}`)).body).toMatchObject({ created: 5, resolved: 4 });
    // With a filter the tickets are looked up again: only the printers' two.
    expect((await t.admin.client.get(`/api/v1/reports/summary?${period}&categoryId=${printers}`)).body).toMatchObject({ created: 2, resolved: 2 });
    const printersOnly = (await cast.agent.client.get(`/api/v1/reports/summary?${period}&categoryId=${printers}`)).body;
    expect(printersOnly).toMatchObject({ created: 2, resolved: 2, backlog: 0, firstContactResolutionRate: 0.5, reopenRate: 0, escalationRate: 0, csat: { average: 4, count: 2 } });
    const empty = (await cast.agent.client.get('/api/v1/reports/summary?from=2026-01-01&to=2026-01-02')).body;
    expect(empty).toEqual({
      created: 0,
      resolved: 0,
      backlog: 0,
      firstResponseMinutes: { median: null, p90: null },
      resolutionMinutes: { median: null, p90: null },
      firstContactResolutionRate: null,
      escalationRate: null,
      reopenRate: null,
      slaCompliance: null,
      csat: { average: null, count: 0 },
    });
  });

  it('buckets volume by local day, and by category and channel', async () => {
    const byDay = (await cast.agent.client.get(`/api/v1/reports/volume?${period}&by=day`)).body.rows;
    expect(byDay).toEqual([
      { key: '2026-03-10', label: '2026-03-10', created: 2, resolved: 3 },
      { key: '2026-03-11', label: '2026-03-11', created: 3, resolved: 1 },
    ]);
    // The admin reads in Berlin: T6 falls on 10 March, T5 on 12 March.
    const inBerlin = (await t.admin.client.get(`/api/v1/reports/volume?${period}&by=day`)).body.rows;
    expect(inBerlin.map((r: { created: number }) => r.created)).toEqual([3, 2]);
    expect((await t.admin.client.get(`/api/v1/reports/volume?from=2026-03-01&to=2026-03-31&by=week`)).body.rows.map((r: { key: string; created: number }) => [r.key, r.created])).toEqual([
      ['2026-02-23', 0],
      ['2026-03-02', 0],
      ['2026-03-09', 7],
      ['2026-03-16', 0],
      ['2026-03-23', 0],
      ['2026-03-30', 0],
    ]);
    const byCategory = (await cast.agent.client.get(`/api/v1/reports/volume?${period}&by=category`)).body.rows;
    expect(byCategory).toEqual([
      { key: 'none', label: '(keine)', created: 3, resolved: 2 },
      { key: String(printers), label: '=Drucker, "Büro"', created: 2, resolved: 2 },
    ]);
    expect((await cast.agent.client.get(`/api/v1/reports/volume?${period}&by=channel`)).body.rows).toEqual([{ key: 'api', label: 'API', created: 5, resolved: 4 }]);
  });

  it('downloads volume as CSV, quoted and safe from spreadsheet formulas', async () => {
    const res = await cast.agent.client.request('GET', `/api/v1/reports/volume?${period}&by=category&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.raw.body).toBe(`key,label,created,resolved\r\nnone,(keine),3,2\r\n${printers},"'=Drucker, ""Büro""",2,2\r\n`);
  });

  it('lets agents see only their tickets, refuses requesters and explains bad periods', async () => {
    // The network specialist sees T4 only (escalated to them).
    expect((await cast.specialist.client.get(`/api/v1/reports/summary?${period}`)).body).toMatchObject({ created: 1, resolved: 0, backlog: 1, escalationRate: 1 });
    expect((await cast.customer.client.get(`/api/v1/reports/summary?${period}`)).status).toBe(403);
    expect((await cast.customer.client.get(`/api/v1/reports/volume?${period}&by=day`)).status).toBe(403);
    expect((await cast.customer.client.get('/api/v1/reports/recurring?days=30')).status).toBe(403);
    expect((await t.anonymous.get(`/api/v1/reports/summary?${period}`)).status).toBe(401);
    const backwards = await cast.agent.client.get('/api/v1/reports/summary?from=2026-03-11&to=2026-03-10');
    expect([backwards.status, backwards.body.error.message]).toEqual([400, '"from" must not be after "to".']);
    const tooLong = await cast.agent.client.get('/api/v1/reports/volume?from=2025-01-01&to=2026-03-10&by=day');
    expect([tooLong.status, tooLong.body.error.message]).toEqual([400, 'Choose a period of at most 366 days.']);
    expect((await cast.agent.client.get(`/api/v1/reports/volume?${period}&by=hour`)).status).toBe(400);
    expect((await cast.agent.client.get('/api/v1/reports/summary?from=10.03.2026&to=2026-03-11')).status).toBe(400);
    expect((await cast.agent.client.get('/api/v1/reports/recurring?days=0')).status).toBe(400);
  });

  it('lists recurring problems of the last days, largest first, linking their tickets', async () => {
    const texts: Array<[string, string]> = [
      ['VPN-Verbindung bricht ständig ab', 'Seit dem Update bricht die VPN-Verbindung alle paar Minuten ab.'],
      ['VPN connection keeps dropping', 'Since the update my VPN connection drops every few minutes.'],
      ['VPN trennt sich dauernd', 'Die VPN Verbindung bricht nach dem Update immer ab.'],
      ['Outlook Kalender freigeben', 'Wie gebe ich meinen Kalender für die Assistenz frei?'],
      ['Drucker: Toner bestellen', 'Bitte Toner für Raum 204 bestellen.'],
    ];
    const created: number[] = [];
    for (const [subject, body] of texts) created.push((await cast.customer.client.post('/api/v1/tickets', { subject, body })).body.id);
    const res = await cast.agent.client.get('/api/v1/reports/recurring?days=7');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].count).toBe(3);
    expect(res.body.items[0].ticketIds).toEqual(created.slice(0, 3).reverse());
    expect(texts.map(([s]) => s)).toContain(res.body.items[0].label);
    // The specialist sees none of them.
    expect((await cast.specialist.client.get('/api/v1/reports/recurring?days=7')).body.items).toEqual([]);
  });
});
