import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB, type OutgoingMail } from '../mail/outgoing-mail.ts';
import { checkSlaClock, SLA_CHECK_JOB } from './check-sla-clock.ts';

const allDay = {
  mon: [['00:00', '24:00']],
  tue: [['00:00', '24:00']],
  wed: [['00:00', '24:00']],
  thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']],
  sat: [['00:00', '24:00']],
  sun: [['00:00', '24:00']],
};
const office = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']], sat: [], sun: [] };
const MINUTE = 60_000;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE);

/**
 * SLAs as admins set them up and agents meet them: calendars and policies (with the refusals),
 * the clock a ticket gets, the first response met by a public reply, and a breach driven by a
 * controllable clock (checkSlaClock(now)): recorded, priority raised, escalated, supervisors
 * mailed, all in the history. Events are dispatched by hand.
 */
describe.each(DIALECTS)('SLA on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let boss: TestUser;
  let customer: TestUser;
  let serviceDesk: number;
  let roundTheClock: number;
  let urgentPolicy: number;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    // The SLA subscriber starts at "now": let it see the (empty) outbox before the first ticket.
    await t.dispatcher.drain();
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    serviceDesk = groups.find((g) => g.level === '1')!.id;
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [serviceDesk] });
    boss = await t.user({ role: 'agent', name: 'Berta Boss', groupIds: [serviceDesk] });
    expect((await t.admin.client.request('PUT', `/api/v1/groups/${serviceDesk}/members/${boss.id}`, { supervisor: true })).status).toBe(204);
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
  });
  afterAll(() => t.close());

  async function newTicket(subject: string, priority?: string): Promise<{ id: number; version: number; createdAt: string }> {
    const created = await agent.client.post('/api/v1/tickets', { subject, body: 'Der Drucker druckt nicht.', requesterEmail: customer.email, ...(priority ? { priority } : {}) });
    expect(created.status).toBe(201);
    await t.dispatcher.drain();
    return created.body;
  }
  const ticket = async (id: number) => (await agent.client.get(`/api/v1/tickets/${id}`)).body;

  it('creates, lists, changes calendars and refuses bad ones with sentences', async () => {
    const created = await t.admin.client.post('/api/v1/admin/calendars', {
      name: 'Büro München',
      timeZone: 'Europe/Berlin',
      hours: office,
      holidays: { country: 'DE', state: 'BY' },
      closedDates: ['2026-12-24', '2026-12-24'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), name: 'Büro München', timeZone: 'Europe/Berlin', holidays: { country: 'DE', state: 'BY' }, closedDates: ['2026-12-24'] });
    expect(created.body.hours.sat).toEqual([]);
    const twentyFourSeven = await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7 Leitstand', timeZone: 'Europe/Berlin', hours: allDay });
    expect(twentyFourSeven.status).toBe(201);
    roundTheClock = twentyFourSeven.body.id;

    const refusals: Array<[unknown, RegExp]> = [
      [{ name: 'X', timeZone: 'Europe/Atlantis', hours: office }, /not a time zone/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: office, holidays: { country: 'DE', state: 'XY' } }, /not a state of DE; use one of/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: office, holidays: { country: 'QQ' } }, /not a country/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: { mon: [['17:00', '08:00']] } }, /end after it begins/],
      [
        {
          name: 'X',
          timeZone: 'Europe/Berlin',
          hours: {
            mon: [
              ['08:00', '12:00'],
              ['11:00', '17:00'],
            ],
          },
        },
        /in order, without overlaps/,
      ],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: { mon: [['08:00', '25:00']] } }, /HH:MM/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: { sat: [] } }, /at least one day/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: { monday: [['08:00', '17:00']] } }, /.+/],
      [{ name: 'X', timeZone: 'Europe/Berlin', hours: office, closedDates: ['24.12.2026'] }, /YYYY-MM-DD/],
      [{ timeZone: 'Europe/Berlin', hours: office }, /name/i],
    ];
    for (const [body, message] of refusals) {
      const res = await t.admin.client.post('/api/v1/admin/calendars', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toMatch(message);
    }

    expect((await agent.client.post('/api/v1/admin/calendars', { name: 'Y', timeZone: 'Europe/Berlin', hours: office })).status).toBe(403);
    expect((await agent.client.get('/api/v1/admin/calendars')).status).toBe(403);
    const list = await t.admin.client.get('/api/v1/admin/calendars');
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['24/7 Leitstand', 'Büro München']);
    const changed = await t.admin.client.patch(`/api/v1/admin/calendars/${created.body.id}`, { closedDates: ['2026-12-31'], holidays: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ closedDates: ['2026-12-31'], holidays: null, name: 'Büro München' });
    expect((await t.admin.client.get(`/api/v1/admin/calendars/${created.body.id}`)).body.closedDates).toEqual(['2026-12-31']);
    expect((await t.admin.client.get('/api/v1/admin/calendars/999999')).status).toBe(404);
    expect((await t.admin.client.delete(`/api/v1/admin/calendars/${created.body.id}`)).status).toBe(204);
  });

  it('keeps policies in order, moves them, and will not delete a calendar a policy uses', async () => {
    const normal = await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Standard', calendarId: roundTheClock, firstResponseMinutes: 480, resolutionMinutes: 2400 });
    expect(normal.status).toBe(201);
    expect(normal.body).toMatchObject({ position: 1, conditions: {}, warningPercent: 80, onBreach: { escalate: false, raisePriority: false }, nextResponseMinutes: null });
    const urgent = await t.admin.client.post('/api/v1/admin/sla-policies', {
      name: 'Dringend',
      calendarId: roundTheClock,
      conditions: { priority: ['urgent', 'high'] },
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
      warningPercent: 50,
      onBreach: { escalate: true, raisePriority: true },
    });
    expect(urgent.status).toBe(201);
    expect(urgent.body.position).toBe(2);
    urgentPolicy = urgent.body.id;
    // Tried in order: "Standard" (no conditions) would catch everything, so "Dringend" goes first.
    const moved = await t.admin.client.patch(`/api/v1/admin/sla-policies/${urgentPolicy}`, { position: 1 });
    expect(moved.status).toBe(200);
    expect((await t.admin.client.get('/api/v1/admin/sla-policies')).body.items.map((p: { name: string; position: number }) => [p.name, p.position])).toEqual([
      ['Dringend', 1],
      ['Standard', 2],
    ]);

    const refusals: Array<[unknown, number, RegExp]> = [
      [{ name: 'X', calendarId: 999999, firstResponseMinutes: 10, resolutionMinutes: 20 }, 400, /Calendar 999999 does not exist/],
      [{ name: 'X', calendarId: roundTheClock, firstResponseMinutes: 60, resolutionMinutes: 30 }, 400, /cannot be shorter than the first-response time/],
      [{ name: 'X', calendarId: roundTheClock, firstResponseMinutes: 0, resolutionMinutes: 30 }, 400, /At least one minute/],
      [{ name: 'X', calendarId: roundTheClock, firstResponseMinutes: 1.5, resolutionMinutes: 30 }, 400, /Whole minutes/],
      [{ name: 'X', calendarId: roundTheClock, firstResponseMinutes: 10, resolutionMinutes: 30, conditions: { priority: ['sofort'] } }, 400, /.+/],
      [{ name: 'X', calendarId: roundTheClock, firstResponseMinutes: 10, resolutionMinutes: 30, warningPercent: 100 }, 400, /Between 1 and 99/],
    ];
    for (const [body, status, message] of refusals) {
      const res = await t.admin.client.post('/api/v1/admin/sla-policies', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body.error)).toMatch(message);
    }
    expect((await agent.client.post('/api/v1/admin/sla-policies', { name: 'X', calendarId: roundTheClock, firstResponseMinutes: 10, resolutionMinutes: 20 })).status).toBe(403);

    const inUse = await t.admin.client.delete(`/api/v1/admin/calendars/${roundTheClock}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/used by the SLA policies "Dringend", "Standard"/);
  });

  it('gives a ticket the first matching policy with due times in business time', async () => {
    const normal = await newTicket('Monitor flackert');
    const sla = (await ticket(normal.id)).sla;
    expect(sla).toMatchObject({ policy: { name: 'Standard' }, firstResponseBreached: false, resolutionBreached: false, pausedSince: null, atRisk: false });
    // 24/7: business minutes are real minutes.
    expect(sla.firstResponseDueAt).toBe(plus(normal.createdAt, 480).toISOString());
    expect(sla.resolutionDueAt).toBe(plus(normal.createdAt, 2400).toISOString());
    // Lists show it too.
    const listed = (await agent.client.get('/api/v1/tickets')).body.items.find((i: { id: number }) => i.id === normal.id);
    expect(listed.sla.policy.name).toBe('Standard');
    // Timers wait in the durable queue for the warning and the due times.
    const timers = await db().selectFrom('jobs').select(['run_at', 'payload']).where('kind', '=', SLA_CHECK_JOB).execute();
    const mine = timers.filter((j) => JSON.parse(j.payload).ticketId === normal.id).map((j) => j.run_at);
    expect(mine).toEqual(expect.arrayContaining([sla.firstResponseDueAt, sla.resolutionDueAt, plus(normal.createdAt, 384).toISOString()]));

    // Raising the priority switches to the urgent policy (recomputed by the subscriber).
    const raised = await agent.client.patch(`/api/v1/tickets/${normal.id}`, { version: normal.version, priority: 'urgent' });
    expect(raised.status).toBe(200);
    await t.dispatcher.drain();
    expect((await ticket(normal.id)).sla).toMatchObject({ policy: { id: urgentPolicy, name: 'Dringend' }, firstResponseDueAt: plus(normal.createdAt, 30).toISOString() });
  });

  it('meets the first response with a public agent reply, not with an internal note, and pauses while pending', async () => {
    const created = await newTicket('VPN bricht ab', 'high');
    const note = await agent.client.post(`/api/v1/tickets/${created.id}/messages`, { body: 'Schaue ich mir an.', internal: true });
    expect(note.status).toBe(201);
    await t.dispatcher.drain();
    expect((await ticket(created.id)).sla.firstRespondedAt).toBeNull();
    const reply = await agent.client.post(`/api/v1/tickets/${created.id}/messages`, { body: 'Bitte starten Sie den Client neu.', status: 'pending' });
    expect(reply.status).toBe(201);
    await t.dispatcher.drain();
    const pending = (await ticket(created.id)).sla;
    expect(pending.firstRespondedAt).not.toBeNull();
    expect(pending.pausedSince).not.toBeNull();
    // A timer at the old first-response due time finds the target met and the clock paused: nothing happens.
    expect(await checkSlaClock(db(), created.id, plus(created.createdAt, 10_000))).toEqual({ warnings: [], breaches: [] });
    const current = await ticket(created.id);
    expect((await agent.client.patch(`/api/v1/tickets/${created.id}`, { version: current.version, status: 'open' })).status).toBe(200);
    await t.dispatcher.drain();
    const running = (await ticket(created.id)).sla;
    expect(running.pausedSince).toBeNull();
    expect(Date.parse(running.resolutionDueAt)).toBeGreaterThanOrEqual(Date.parse(pending.resolutionDueAt));
  });

  it('warns, then on breach records it, raises the priority, escalates and mails the supervisors — once', async () => {
    const created = await newTicket('Server down', 'high');
    const sla = (await ticket(created.id)).sla;
    expect(sla.policy.name).toBe('Dringend');
    const jobsBefore = (await db().selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;

    // Half-way (warning share 50 %): at risk.
    expect(await checkSlaClock(db(), created.id, plus(created.createdAt, 16))).toEqual({ warnings: ['first_response'], breaches: [] });
    expect((await ticket(created.id)).sla.atRisk).toBe(true);
    const atRisk = await agent.client.get('/api/v1/tickets?sla=at_risk');
    expect(atRisk.body.items.map((i: { id: number }) => i.id)).toContain(created.id);
    expect((await agent.client.get('/api/v1/tickets/counts')).body.slaAtRisk).toBeGreaterThanOrEqual(1);
    expect((await agent.client.get('/api/v1/tickets?sla=late')).status).toBe(400);

    // Before the due time nothing more happens; at it, the breach.
    expect(await checkSlaClock(db(), created.id, plus(created.createdAt, 29))).toEqual({ warnings: [], breaches: [] });
    expect(await checkSlaClock(db(), created.id, plus(created.createdAt, 31))).toEqual({ warnings: [], breaches: ['first_response'] });
    // A second timer for the same due time (or a retry) does nothing.
    expect(await checkSlaClock(db(), created.id, plus(created.createdAt, 32))).toEqual({ warnings: [], breaches: [] });
    await t.dispatcher.drain();

    const after = await t.admin.client.get(`/api/v1/tickets/${created.id}`);
    expect(after.body).toMatchObject({ priority: 'urgent', level: '2', sla: { firstResponseBreached: true, resolutionBreached: false, atRisk: false } });
    const breaches = await db().selectFrom('sla_breaches').selectAll().where('ticket_id', '=', created.id).execute();
    expect(breaches).toEqual([expect.objectContaining({ target: 'first_response', policy_id: urgentPolicy, due_at: sla.firstResponseDueAt })]);
    const events = await db().selectFrom('domain_events').select('type').where('aggregate_id', '=', created.id).where('type', 'like', 'sla.%').orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['sla.warning', 'sla.breached']);

    const history = (await t.admin.client.get(`/api/v1/tickets/${created.id}/history`)).body.items as Array<{
      kind: string;
      field: string | null;
      newValue: string | null;
      reason: string | null;
      actor: { name: string } | null;
    }>;
    const bySla = history.filter((h) => h.actor?.name === 'SLA');
    expect(bySla.map((h) => [h.kind, h.field])).toEqual(
      expect.arrayContaining([
        ['supervisors_notified', 'group'],
        ['changed', 'priority'],
        ['escalated', 'group'],
      ]),
    );
    expect(bySla.find((h) => h.kind === 'escalated')!.reason).toMatch(/SLA "Dringend": first response was due/);

    const mails = (await db().selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).where('id', '>', jobsBefore).execute()).map((r) => JSON.parse(r.payload) as OutgoingMail);
    expect(mails.some((m) => m.to === boss.email)).toBe(true);

    const breached = await t.admin.client.get('/api/v1/tickets?sla=breached');
    expect(breached.body.items.map((i: { id: number }) => i.id)).toContain(created.id);
    expect((await t.admin.client.get('/api/v1/tickets/counts')).body.slaBreached).toBeGreaterThanOrEqual(1);
    // The SLA's own user can never sign in.
    const slaUser = await db().selectFrom('users').select(['active', 'password_hash']).where('name', '=', 'SLA').executeTakeFirstOrThrow();
    expect(slaUser).toEqual({ active: 0, password_hash: null });
  });

  it('gives no clock when no policy matches, and drops it when the last matching policy goes', async () => {
    const created = await newTicket('Frage zur Rechnung', 'low');
    expect((await ticket(created.id)).sla).not.toBeNull();
    const standard = (await t.admin.client.get('/api/v1/admin/sla-policies')).body.items.find((p: { name: string }) => p.name === 'Standard');
    expect((await t.admin.client.patch(`/api/v1/admin/sla-policies/${standard.id}`, { conditions: { priority: ['normal'] } })).status).toBe(200);
    const current = await ticket(created.id);
    expect((await agent.client.patch(`/api/v1/tickets/${created.id}`, { version: current.version, subject: 'Frage zur Rechnung 2026' })).status).toBe(200);
    await t.dispatcher.drain();
    expect((await ticket(created.id)).sla).toBeNull();
    expect((await t.admin.client.delete(`/api/v1/admin/sla-policies/${standard.id}`)).status).toBe(204);
    expect((await t.admin.client.delete(`/api/v1/admin/sla-policies/${standard.id}`)).status).toBe(404);
  });
});
