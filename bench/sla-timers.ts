import type { Db, Dialect } from '../server/platform/db/database.ts';
import { enqueue } from '../server/platform/jobs/queue.ts';
import { JobRunner } from '../server/platform/jobs/runner.ts';
import { DEFAULT_WORKER_CONCURRENCY } from '../server/platform/worker-role.ts';
import { checkSlaClockHandler, SLA_CHECK_JOB } from '../server/modules/sla/check-sla-clock.ts';
import { createCalendar, createPolicy } from '../server/modules/sla/save-sla-settings.ts';

export interface SlaTimerFigures {
  timers: number;
  concurrency: number;
  /** Tickets in the database while the timers ran (the loaded data). */
  tickets: number;
  seconds: number;
  timersPerSecond: number;
}

const ALL_DAY = [['00:00', '24:00']] as Array<[string, string]>;

/**
 * Due SLA timers processed per second on the loaded database: `timers` tickets get a clock whose
 * first-response target is overdue and a due `sla.check` job each; one worker's job runner, as
 * the worker process runs it (batch claims, `concurrency` jobs side by side, the production
 * handler), then works them off. Each timer locks the clock, finds the breach, sets the flags,
 * records it in sla_breaches and the `sla.warning`/`sla.breached` events, and runs the breach
 * actions (here: supervisors, of whom the bench groups have none). Set-up is not measured.
 * `concurrency: 1` with `sequential` is the old figure (claim, run, mark done, one by one).
 * For `npm run bench`.
 */
export async function benchSlaTimers(db: Db, dialect: Dialect, options: { timers: number; concurrency?: number; sequential?: boolean }): Promise<SlaTimerFigures> {
  const total = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const ids = (
    await db
      .selectFrom('tickets')
      .select('id')
      .where('status', 'in', ['new', 'open'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('ticket_sla').select('ticket_sla.ticket_id').whereRef('ticket_sla.ticket_id', '=', 'tickets.id'))))
      .orderBy('id', 'desc')
      .limit(options.timers)
      .execute()
  ).map((r) => r.id);
  const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    const calendar = await createCalendar(trx, {
      name: 'Bench 24/7',
      timeZone: 'Europe/Berlin',
      hours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    });
    const policy = await createPolicy(trx, { name: 'Bench', calendarId: calendar.id, firstResponseMinutes: 60, resolutionMinutes: 100_000 });
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx
        .insertInto('ticket_sla')
        .values(
          chunk.map((ticketId) => ({
            ticket_id: ticketId,
            policy_id: policy.id,
            started_at: past(120),
            paused_since: null,
            stopped_at: null,
            first_responded_at: null,
            first_response_due_at: past(60),
            first_response_warn_at: past(72),
            resolution_due_at: new Date(Date.now() + 60 * 60_000 * 1000).toISOString(),
            resolution_warn_at: new Date(Date.now() + 60 * 60_000 * 800).toISOString(),
            next_response_since: null,
            next_response_due_at: null,
            next_response_warn_at: null,
            updated_at: past(120),
          })),
        )
        .execute();
    }
    for (const ticketId of ids) await enqueue(trx, SLA_CHECK_JOB, { ticketId }, { runAt: past(1) });
  });

  const runner = new JobRunner({ db, dialect, concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY }).register(SLA_CHECK_JOB, checkSlaClockHandler());
  const started = performance.now();
  const done = options.sequential ? await runner.drain() : await runner.drainConcurrently();
  const seconds = (performance.now() - started) / 1000;
  const breaches = await db
    .selectFrom('sla_breaches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (done !== ids.length || Number(breaches.n) < ids.length) throw new Error(`SLA timers: ${done} of ${ids.length} jobs ran, ${breaches.n} breaches recorded`);
  return { timers: ids.length, concurrency: options.sequential ? 1 : (options.concurrency ?? DEFAULT_WORKER_CONCURRENCY), tickets: Number(total.n), seconds, timersPerSecond: ids.length / seconds };
}
