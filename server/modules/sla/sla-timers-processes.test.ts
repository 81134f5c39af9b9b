import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bootstrap } from '../../ops/setup/bootstrap.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { type AnlaufProcess, anlaufProcess } from '../../test/topology.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { ensureDemoDirectory } from '../../ops/demo/demo-directory.ts';
import { loadTickets } from '../../ops/demo/load-tickets.ts';
import { PRIORITY_RANK } from '../../../shared/enums.ts';
import { SLA_CHECK_JOB } from './check-sla-clock.ts';
import { createCalendar, createPolicy } from './save-sla-settings.ts';
import { SLA_ACTOR_EMAIL } from './system-actor.ts';

const TIMERS = 1000;
const ALL_DAY = [['00:00', '24:00']] as Array<[string, string]>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!DIALECTS.includes('postgres')) console.warn('SLA timers in two worker processes skipped: ANLAUF_TEST_DATABASE_URL is not set (several processes share one PostgreSQL).');

/**
 * Two real worker processes (`anlauf serve --roles worker`) on one PostgreSQL database work off
 * 1,000 due SLA timers: every timer job is claimed once (one attempt, by one of the two
 * processes, and both took part), each breach is recorded and stated once, and the policy's
 * breach actions (raise the priority, call the supervisors) ran once per ticket: one history
 * entry and one event each, the priority one step up and not two. PostgreSQL only (SQLite
 * serves from one process).
 */
describe.skipIf(!DIALECTS.includes('postgres'))('SLA timers in two worker processes on PostgreSQL', () => {
  let db: TestDatabase;
  const workers: AnlaufProcess[] = [];
  const ticketIds: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const kdb = db.handle.db;
    await bootstrap(kdb, { adminEmail: 'admin@anlauf.test', adminPassword: 'admin-password-1' });
    const adminId = (await kdb.selectFrom('users').select('id').where('email', '=', 'admin@anlauf.test').executeTakeFirstOrThrow()).id;
    const desk = (await kdb.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    // The admin supervises the Service Desk, so a breach calls them (one of the breach actions).
    await kdb
      .insertInto('group_members')
      .values({ group_id: desk, user_id: adminId, supervisor: 1 })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ supervisor: 1 }))
      .execute();
    const policy = await kdb.transaction().execute(async (trx) => {
      const calendar = await createCalendar(trx, {
        name: '24/7',
        timeZone: 'Europe/Berlin',
        hours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
      });
      return createPolicy(trx, { name: 'Alle', calendarId: calendar.id, firstResponseMinutes: 30, resolutionMinutes: 60, onBreach: { escalate: false, raisePriority: true, notifySupervisors: true } });
    });
    // 1,000 tickets from the demo loader (quicker than the ticket command, and without 1,000
    // creation events for the workers' subscribers to work through), all open at normal priority.
    const directory = await ensureDemoDirectory(kdb, { requesters: 50 });
    const loaded = await loadTickets(kdb, 'postgres', TIMERS, { directory });
    for (let id = loaded.firstTicketId!; id <= loaded.lastTicketId!; id++) ticketIds.push(id);
    await kdb.updateTable('tickets').set({ status: 'open', priority: 'normal', priority_rank: PRIORITY_RANK.normal, group_id: desk, resolved_at: null, closed_at: null }).execute();
    // Clocks that started long ago with both targets overdue (what the subscriber would have
    // written for tickets opened on New Year's Day): each timer finds two breaches.
    const past = '2026-01-01T00:00:00.000Z';
    await kdb
      .insertInto('ticket_sla')
      .values(
        ticketIds.map((ticketId) => ({
          ticket_id: ticketId,
          policy_id: policy.id,
          started_at: past,
          first_response_due_at: '2026-01-01T00:30:00.000Z',
          first_response_warn_at: '2026-01-01T00:24:00.000Z',
          resolution_due_at: '2026-01-01T01:00:00.000Z',
          resolution_warn_at: '2026-01-01T00:48:00.000Z',
          updated_at: past,
        })),
      )
      .execute();

    const env = {
      DATABASE_URL: db.databaseUrl!,
      ANLAUF_DATA_DIR: db.dataDir,
      ANLAUF_SMTP_OUT: '',
      ANLAUF_WORKER_CONCURRENCY: '8',
      LOG_LEVEL: 'info',
    };
    for (const name of ['worker1', 'worker2']) workers.push(anlaufProcess(name, 'worker', undefined, env, (output) => output.includes('"worker started"')));
    await Promise.all(workers.map((w) => w.start()));
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await db?.drop();
  });

  it('processes each of 1,000 due timers exactly once, shared between both processes', async () => {
    const kdb = db.handle.db;
    // All timers become due at once, in one transaction, while both workers poll.
    const jobIds = await kdb.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const ticketId of ticketIds) ids.push(await enqueue(trx, SLA_CHECK_JOB, { ticketId }, { runAt: '2026-01-01T02:00:00.000Z' }));
      return ids;
    });

    const open = async () =>
      Number(
        (
          await kdb
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('id', 'in', jobIds)
            .where('status', '!=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const deadline = Date.now() + 90_000;
    while ((await open()) > 0 && Date.now() < deadline) await sleep(200);
    // Let the workers finish what their dispatchers do with the breach events, then stop them.
    await Promise.all(workers.map((w) => w.stop()));
    expect(await open(), workers.map((w) => w.output()).join('\n')).toBe(0);

    // Exactly once: every job claimed in one attempt, by one of the two processes — and both worked.
    const jobs = await kdb.selectFrom('jobs').select(['id', 'status', 'attempts', 'claimed_by']).where('id', 'in', jobIds).execute();
    expect(jobs).toHaveLength(TIMERS);
    expect(jobs.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    const byWorker = new Map<string | null, number>();
    for (const job of jobs) byWorker.set(job.claimed_by, (byWorker.get(job.claimed_by) ?? 0) + 1);
    const pids = workers.map((w) => String(w.pid()));
    expect([...byWorker.keys()].map((k) => k?.split(':').pop()).sort()).toEqual([...pids].sort());
    for (const share of byWorker.values()) expect(share).toBeGreaterThan(0);
    // No timer of these tickets was scheduled twice (the breach actions' own events move no due time).
    const timers = await kdb
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', SLA_CHECK_JOB)
      .executeTakeFirstOrThrow();
    expect(Number(timers.n)).toBe(TIMERS);

    // Per ticket: two breaches recorded and stated, one priority step, one call to the supervisors.
    const perTicket = async (query: Promise<Array<{ ticket: number | null; n: string | number | bigint }>>) => {
      const counts = new Map((await query).map((r) => [Number(r.ticket), Number(r.n)]));
      return ticketIds.map((id) => counts.get(id) ?? 0);
    };
    const twice = ticketIds.map(() => 2);
    const once = ticketIds.map(() => 1);
    expect(
      await perTicket(
        kdb
          .selectFrom('sla_breaches')
          .select(['ticket_id as ticket', sql<number>`count(*)`.as('n')])
          .groupBy('ticket_id')
          .execute(),
      ),
    ).toEqual(twice);
    const events = (type: string) =>
      perTicket(
        kdb
          .selectFrom('domain_events')
          .select(['aggregate_id as ticket', sql<number>`count(*)`.as('n')])
          .where('type', '=', type)
          .groupBy('aggregate_id')
          .execute(),
      );
    expect(await events('sla.breached')).toEqual(twice);
    expect(await events('ticket.supervisors_notified')).toEqual(once);
    expect(await events('ticket.changed')).toEqual(once);
    const sla = (await kdb.selectFrom('users').select('id').where('email', '=', SLA_ACTOR_EMAIL).executeTakeFirstOrThrow()).id;
    // The SLA's history entries: one call to the supervisors and one priority change per ticket, nothing else.
    const history = await kdb.selectFrom('ticket_events').select(['ticket_id', 'kind', 'field']).where('actor_id', '=', sla).execute();
    expect(new Set(history.map((h) => `${h.kind} ${h.field}`)).size).toBe(2);
    const entries = (field: string) => ticketIds.map((id) => history.filter((h) => h.ticket_id === id && h.field === field).length);
    expect(entries('group')).toEqual(once);
    expect(entries('priority')).toEqual(once);
    const priorities = await kdb.selectFrom('tickets').select(['priority']).distinct().where('id', 'in', ticketIds).execute();
    expect(priorities).toEqual([{ priority: 'high' }]);
    const flagged = await kdb
      .selectFrom('ticket_sla')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ticket_id', 'in', ticketIds)
      .where('first_response_breached', '=', 1)
      .where('resolution_breached', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(flagged.n)).toBe(TIMERS);
  }, 150_000);
});
