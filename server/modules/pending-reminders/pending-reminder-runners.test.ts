import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { PENDING_REMINDER_REASON } from '../../../shared/enums.ts';
import { PENDING_REMINDER_JOB, pendingReminderHandler } from './fire-pending-reminder.ts';

const TICKETS = 40;
const HOUR = 3_600_000;

/**
 * Two job runners share the due reminder timers, and every ticket has two of them (as after a
 * worker died mid-job and the job came back, or a reminder set twice): every job runs once, and
 * every ticket is reopened by its reminder exactly once. Counts, no timing.
 */
describe.each(DIALECTS)('pending reminders with two job runners on %s', (dialect) => {
  let t: TestApp;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    await t.dispatcher.drain();
    const agent = await t.user({ role: 'agent', name: 'Erika Erstlevel' });
    const due = new Date(Date.now() + HOUR).toISOString();
    for (let i = 0; i < TICKETS; i++) {
      const created = await agent.client.post('/api/v1/tickets', { subject: `Rückruf ${i}`, body: 'x', requesterEmail: 'anrufer@example.test' });
      const pending = await agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, status: 'pending', pendingUntil: due });
      expect(pending.status).toBe(200);
      ids.push(created.body.id);
    }
    await t.dispatcher.drain();
    const db = t.db.handle.db;
    for (const ticketId of ids) await enqueue(db, PENDING_REMINDER_JOB, { ticketId, dueAt: due });
    // An hour later, as far as the queue is concerned.
    await db.updateTable('jobs').set({ run_at: '2026-01-01T00:00:00.000Z' }).where('kind', '=', PENDING_REMINDER_JOB).execute();
  }, 120_000);
  afterAll(() => t?.close());

  it('runs each timer once and reopens each ticket once', async () => {
    const db = t.db.handle.db;
    const runs = new Map<number, number>();
    const handler = pendingReminderHandler(() => new Date(Date.now() + 2 * HOUR));
    const runner = () =>
      new JobRunner({ db, dialect, concurrency: 4 }).register(PENDING_REMINDER_JOB, async (payload, ctx) => {
        runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
        await handler(payload, ctx);
      });
    const [a, b] = [runner(), runner()];
    const drained = await Promise.all([a.drain(), a.drain(), b.drain(), b.drain()]);
    expect(drained.reduce((x, y) => x + y, 0)).toBe(2 * TICKETS);
    expect(runs.size).toBe(2 * TICKETS);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);

    const statuses = await db.selectFrom('tickets').select(['status', 'pending_until']).where('id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'open' && s.pending_until === null)).toBe(true);
    const reopenings = await db.selectFrom('ticket_events').select(['ticket_id']).where('ticket_id', 'in', ids).where('field', '=', 'status').where('reason', '=', PENDING_REMINDER_REASON).execute();
    expect(reopenings).toHaveLength(TICKETS);
    expect(new Set(reopenings.map((r) => r.ticket_id)).size).toBe(TICKETS);
    const events = await db.selectFrom('domain_events').select('payload').where('type', '=', 'ticket.changed').execute();
    expect(events.filter((e) => e.payload.includes(PENDING_REMINDER_REASON))).toHaveLength(TICKETS);
  }, 120_000);
});
