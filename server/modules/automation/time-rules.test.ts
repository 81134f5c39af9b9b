import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { scheduleTimeRules, slotOf, TIME_RULES_EVERY_MS, TIME_RULES_JOB, timeRulesHandler } from './automation-jobs.ts';
import { sql } from 'kysely';
import { automationActor } from './automation-actor.ts';
import { closeIdle, RUNS_KEPT_DAYS, runTimeRules } from './time-rules.ts';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

/**
 * The time rules with a controllable clock (runTimeRules(slot, now)): resolved tickets close
 * after the configured days as "Automation", a slot runs once, the admin's settings (with
 * refusals), and two job runners on one database racing for the same slot close each ticket once.
 */
describe.each(DIALECTS)('time rules on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel' });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number }>;
    for (const g of groups) await t.admin.client.request('PUT', `/api/v1/groups/${g.id}/members/${agent.id}`, {});
  });
  afterAll(() => t.close());

  async function resolvedTicket(subject: string): Promise<number> {
    const created = await agent.client.post('/api/v1/tickets', { subject, body: 'Bitte prüfen.', requesterEmail: customer.email });
    expect(created.status).toBe(201);
    const resolved = await agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, status: 'resolved' });
    expect(resolved.status).toBe(200);
    return created.body.id as number;
  }
  const statusOf = async (id: number) => (await agent.client.get(`/api/v1/tickets/${id}`)).body.status as string;
  const closings = async (id: number) =>
    ((await agent.client.get(`/api/v1/tickets/${id}/history`)).body.items as Array<{ field: string | null; newValue: string | null; actor: { name: string } | null }>).filter(
      (e) => e.field === 'status' && e.newValue === 'closed',
    );

  it('shows and changes the time rules, and refuses nonsense', async () => {
    expect((await t.admin.client.get('/api/v1/admin/time-rules')).body).toEqual({ autoClose: { enabled: true, days: 7 }, reopenDays: 14 });
    for (const body of [{ autoClose: { enabled: true, days: 0 } }, { autoClose: { enabled: true, days: 1.5 } }, { autoClose: { enabled: 'yes', days: 3 } }, { autoClose: { days: 3 } }, {}]) {
      const res = await t.admin.client.request('PUT', '/api/v1/admin/time-rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error)).toMatch(/day|On or off|expected|Invalid/i);
    }
    expect((await agent.client.get('/api/v1/admin/time-rules')).status).toBe(403);
    expect((await agent.client.request('PUT', '/api/v1/admin/time-rules', { autoClose: { enabled: true, days: 3 } })).status).toBe(403);
    const saved = await t.admin.client.request('PUT', '/api/v1/admin/time-rules', { autoClose: { enabled: true, days: 3 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ autoClose: { enabled: true, days: 3 }, reopenDays: 14 });
    const audit = (await t.admin.client.get('/api/v1/admin/audit-log?action=automation.time_rules_changed')).body.items;
    expect(audit[0]).toMatchObject({ action: 'automation.time_rules_changed', details: { autoCloseEnabled: true, autoCloseDays: 3 } });
  });

  it('closes resolved tickets after the configured days, once per slot, as "Automation"', async () => {
    await t.admin.client.request('PUT', '/api/v1/admin/time-rules', { autoClose: { enabled: true, days: 3 } });
    const idle = await resolvedTicket('Passwort zurückgesetzt');
    const open = await agent.client.post('/api/v1/tickets', { subject: 'Noch offen', body: 'x', requesterEmail: customer.email });

    expect(await runTimeRules(db(), 'test-slot-1', inDays(2))).toBe(0);
    expect(await statusOf(idle)).toBe('resolved');
    expect(await runTimeRules(db(), 'test-slot-2', inDays(4))).toBe(1);
    expect(await statusOf(idle)).toBe('closed');
    expect(await statusOf(open.body.id)).toBe('new');
    expect((await closings(idle)).map((e) => e.actor?.name)).toEqual(['Automation']);
    // The same slot again (another worker, a retried job): it ran already.
    expect(await runTimeRules(db(), 'test-slot-2', inDays(4))).toBeUndefined();

    // Switched off: nothing closes.
    const second = await resolvedTicket('Drucker wieder da');
    await t.admin.client.request('PUT', '/api/v1/admin/time-rules', { autoClose: { enabled: false, days: 3 } });
    expect(await runTimeRules(db(), 'test-slot-3', inDays(30))).toBe(0);
    expect(await statusOf(second)).toBe('resolved');
    await t.admin.client.request('PUT', '/api/v1/admin/time-rules', { autoClose: { enabled: true, days: 3 } });
  });

  it('closes each ticket once when two runners take the same slot', async () => {
    // More than one transaction's worth (25), so the run closes them in two.
    const ids: number[] = [];
    for (let i = 0; i < 27; i++) ids.push(await resolvedTicket(`Erledigt ${i}`));
    const slot = slotOf(inDays(5));
    // Every worker enqueues the slot; here two runners (each with its own handler and clock) race for both jobs.
    await enqueue(db(), TIME_RULES_JOB, { slot });
    await enqueue(db(), TIME_RULES_JOB, { slot });
    const runners = [0, 1].map(() =>
      new JobRunner({ db: db(), dialect, concurrency: 1 }).register(
        TIME_RULES_JOB,
        timeRulesHandler(() => inDays(5)),
      ),
    );
    await Promise.all(runners.map((r) => r.drain()));

    const jobs = await db().selectFrom('jobs').select('status').where('kind', '=', TIME_RULES_JOB).execute();
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
    for (const id of ids) {
      expect(await statusOf(id)).toBe('closed');
      expect(await closings(id)).toHaveLength(1);
    }
    expect(await db().selectFrom('automation_runs').select('closed').where('slot', '=', slot).executeTakeFirstOrThrow()).toEqual({ closed: ids.length + 1 });
  });

  it('leaves a ticket alone that was reopened or resolved again after the run listed it', async () => {
    const still = await resolvedTicket('Noch erledigt');
    const reopened = await resolvedTicket('Wieder offen');
    const late = await resolvedTicket('Spät erledigt');
    // The run listed all three as resolved before the cut-off; then a customer answered on one…
    const before = new Date().toISOString();
    const current = (await agent.client.get(`/api/v1/tickets/${reopened}`)).body;
    expect((await agent.client.patch(`/api/v1/tickets/${reopened}`, { version: current.version, status: 'open' })).status).toBe(200);
    // …and another was reopened and resolved again, now after the cut-off.
    const lateNow = (await agent.client.get(`/api/v1/tickets/${late}`)).body;
    const reopenedLate = await agent.client.patch(`/api/v1/tickets/${late}`, { version: lateNow.version, status: 'open' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await agent.client.patch(`/api/v1/tickets/${late}`, { version: reopenedLate.body.version, status: 'resolved' })).status).toBe(200);
    const slot = 'test-slot-recheck';
    await db().insertInto('automation_runs').values({ slot, created_at: new Date().toISOString() }).execute();

    expect(await closeIdle(db(), await automationActor(db()), slot, [still, reopened, late], before)).toBe(1);
    expect([await statusOf(still), await statusOf(reopened), await statusOf(late)]).toEqual(['closed', 'open', 'resolved']);
    expect(await db().selectFrom('automation_runs').select('closed').where('slot', '=', slot).executeTakeFirstOrThrow()).toEqual({ closed: 1 });
    await agent.client.patch(`/api/v1/tickets/${late}`, { version: (await agent.client.get(`/api/v1/tickets/${late}`)).body.version, status: 'open' });
  });

  it('keeps what a run closed before it failed half-way, and the next slot closes the rest', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 27; i++) ids.push(await resolvedTicket(`Halb ${i}`));
    // The second transaction of the run fails (its last ticket refuses to close, as a full disk would).
    const refused = ids[26]!;
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_close BEFORE UPDATE ON tickets WHEN NEW.id = ${sql.lit(refused)} AND NEW.status = 'closed' BEGIN SELECT RAISE(ABORT, 'disk gone'); END`.execute(db());
    } else {
      await sql`CREATE FUNCTION refuse_close() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$ LANGUAGE plpgsql`.execute(db());
      await sql`CREATE TRIGGER refuse_close BEFORE UPDATE ON tickets FOR EACH ROW WHEN (NEW.id = ${sql.lit(refused)} AND NEW.status = 'closed') EXECUTE FUNCTION refuse_close()`.execute(db());
    }
    const slot = 'test-slot-half';
    await expect(runTimeRules(db(), slot, inDays(5))).rejects.toThrow(/disk gone/);
    const statuses = await Promise.all(ids.map(statusOf));
    expect(statuses.slice(0, 25)).toEqual(Array(25).fill('closed'));
    expect(statuses.slice(25)).toEqual(['resolved', 'resolved']);
    expect(await db().selectFrom('automation_runs').select('closed').where('slot', '=', slot).executeTakeFirstOrThrow()).toEqual({ closed: 25 });

    await sql`DROP TRIGGER refuse_close${dialect === 'sqlite' ? sql`` : sql` ON tickets`}`.execute(db());
    if (dialect !== 'sqlite') await sql`DROP FUNCTION refuse_close()`.execute(db());
    expect(await runTimeRules(db(), 'test-slot-half-next', inDays(5))).toBe(2);
    expect(await Promise.all(ids.slice(25).map(statusOf))).toEqual(['closed', 'closed']);
  });

  it('schedules one job per slot however many workers schedule it', async () => {
    const at = inDays(100);
    const slot = slotOf(at);
    const jobsOf = (s: string) =>
      db()
        .selectFrom('jobs')
        .select(['id', 'payload'])
        .where('kind', '=', TIME_RULES_JOB)
        .where('payload', '=', JSON.stringify({ slot: s }))
        .execute();
    // Five workers start at once (own connections on PostgreSQL), and one ten minutes later schedules the same slot's end.
    const ids = await Promise.all([0, 1, 2, 3, 4].map(() => scheduleTimeRules(db(), at)));
    expect(ids.filter((id) => id !== undefined)).toHaveLength(1);
    expect(await scheduleTimeRules(db(), new Date(new Date(slot).getTime() + TIME_RULES_EVERY_MS - 1))).toBeUndefined();
    expect(await jobsOf(slot)).toHaveLength(1);
    // The next slot is a job of its own.
    const next = new Date(new Date(slot).getTime() + TIME_RULES_EVERY_MS);
    expect(await scheduleTimeRules(db(), next)).toBeTypeOf('number');
    expect(await jobsOf(slotOf(next))).toHaveLength(1);
  });

  it('prunes runs older than the kept days when it claims a slot', async () => {
    const now = inDays(200);
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    await db()
      .insertInto('automation_runs')
      .values([
        { slot: 'prune-old', created_at: ago(RUNS_KEPT_DAYS + 1) },
        { slot: 'prune-recent', created_at: ago(RUNS_KEPT_DAYS - 1) },
      ])
      .execute();
    // A slot that ran before prunes nothing (only the run that claims a slot works).
    expect(await runTimeRules(db(), 'prune-recent', now)).toBeUndefined();
    expect(await db().selectFrom('automation_runs').select('slot').where('slot', '=', 'prune-old').execute()).toHaveLength(1);
    await runTimeRules(db(), slotOf(now), now);
    const left = (await db().selectFrom('automation_runs').select('slot').where('created_at', '>=', ago(RUNS_KEPT_DAYS)).execute()).map((r) => r.slot);
    expect(left).toContain('prune-recent');
    expect(left).toContain(slotOf(now));
    expect(await db().selectFrom('automation_runs').select('slot').where('created_at', '<', ago(RUNS_KEPT_DAYS)).execute()).toEqual([]);
  });
});
