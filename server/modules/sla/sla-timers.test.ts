import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { loadActor } from '../auth/auth.queries.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { checkSlaClockHandler, SLA_CHECK_JOB } from './check-sla-clock.ts';

const TIMERS = 1000;

/**
 * Two workers on one PostgreSQL share 1,000 due SLA timers: every timer runs exactly once and
 * every breach is recorded (and stated as an event) exactly once. No timing thresholds: the
 * runners drain until nothing is due, and the counts are exact. PostgreSQL only (SQLite has
 * one writer, there is nothing to race).
 */
// Both databases: PostgreSQL is where two workers really race (SKIP LOCKED); SQLite must hold to exactly once as well.
describe.each(DIALECTS)('SLA timers with two job runners on %s', (dialect) => {
  let t: TestApp;
  const ticketIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    const db = t.db.handle.db;
    const calendar = (await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7', timeZone: 'Europe/Berlin', hours: { mon: [['00:00', '24:00']], sun: [['00:00', '24:00']] } })).body.id;
    const policy = (await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Alle', calendarId: calendar, firstResponseMinutes: 30, resolutionMinutes: 60 })).body.id;
    const admin = (await loadActor(db, t.admin.id, 'token', null))!;
    for (let i = 0; i < TIMERS; i++) ticketIds.push((await createTicket(db, admin, { subject: `Last ${i}`, body: 'x', channel: 'api', requesterEmail: 'last@example.test' })).ticketId);
    // The clocks as the subscriber would have written them, all long overdue, and one due timer each.
    const past = '2026-01-01T00:00:00.000Z';
    await db
      .insertInto('ticket_sla')
      .values(
        ticketIds.map((ticketId) => ({
          ticket_id: ticketId,
          policy_id: policy,
          started_at: past,
          first_response_due_at: '2026-01-01T00:30:00.000Z',
          first_response_warn_at: '2026-01-01T00:24:00.000Z',
          resolution_due_at: '2026-01-01T01:00:00.000Z',
          resolution_warn_at: '2026-01-01T00:48:00.000Z',
          updated_at: past,
        })),
      )
      .execute();
    for (const ticketId of ticketIds) await enqueue(db, SLA_CHECK_JOB, { ticketId }, { runAt: past });
  }, 120_000);
  afterAll(() => t?.close());

  it('runs each of 1,000 due timers once and records each breach once', async () => {
    const db = t.db.handle.db;
    const runs = new Map<number, number>();
    const handler = checkSlaClockHandler(() => new Date('2026-01-02T00:00:00.000Z'));
    const runner = () =>
      new JobRunner({ db, dialect, concurrency: 4 }).register(SLA_CHECK_JOB, async (payload, ctx) => {
        runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
        await handler(payload, ctx);
      });
    const [a, b] = [runner(), runner()];
    // Several drains per runner at once: they compete for the same rows.
    const drained = await Promise.all([a.drain(), a.drain(), b.drain(), b.drain()]);
    expect(drained.reduce((x, y) => x + y, 0)).toBe(TIMERS);

    expect(runs.size).toBe(TIMERS);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const jobs = await db.selectFrom('jobs').select(['status']).where('kind', '=', SLA_CHECK_JOB).execute();
    expect(jobs.filter((j) => j.status === 'done')).toHaveLength(TIMERS);
    const breaches = await db
      .selectFrom('sla_breaches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(breaches.n)).toBe(2 * TIMERS);
    const events = await db
      .selectFrom('domain_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'sla.breached')
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(2 * TIMERS);
    const flagged = await db
      .selectFrom('ticket_sla')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('first_response_breached', '=', 1)
      .where('resolution_breached', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(flagged.n)).toBe(TIMERS);
  }, 120_000);
});
