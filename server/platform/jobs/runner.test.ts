import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { enqueue } from './queue.ts';
import { backoffMs } from '../backoff.ts';
import { CompiledQuery, sql } from 'kysely';
import { nowIso } from '../db/database.ts';
import { listParameter } from '../db/prepared.ts';
import { type ClaimParams, claimQueryFor } from './claim-queries.ts';
import { JobRunner } from './runner.ts';
import { queryPlan } from '../../test/query-plan.ts';

describe.each(DIALECTS)('job runner on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const db = () => t.db.handle.db;
  const jobOf = (id: number) => db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('runs due jobs once, retries with back-off, fails after max attempts and keeps the error', async () => {
    const seen: unknown[] = [];
    const runner = new JobRunner({ db: db(), dialect, backoffBaseMs: 1000 })
      .register('test.ok', async (payload) => {
        seen.push(payload);
      })
      .register('test.flaky', async () => {
        throw new Error('SMTP said no');
      });
    const ok = await enqueue(db(), 'test.ok', { n: 1 });
    const later = await enqueue(db(), 'test.ok', { n: 2 }, { runAt: new Date(Date.now() + 3_600_000).toISOString() });
    const flaky = await enqueue(db(), 'test.flaky', {}, { maxAttempts: 2 });
    const foreign = await enqueue(db(), 'test.unregistered', {});

    expect(await runner.drain()).toBe(2);
    expect(seen).toEqual([{ n: 1 }]);
    expect((await jobOf(ok)).status).toBe('done');
    expect((await jobOf(later)).status).toBe('queued');
    expect((await jobOf(foreign)).status).toBe('queued');
    const retried = await jobOf(flaky);
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, last_error: 'attempt 1: SMTP said no' });
    expect(Date.parse(retried.run_at) - Date.now()).toBeGreaterThan(500);

    // Due again: the second attempt is the last one.
    await db()
      .updateTable('jobs')
      .set({ run_at: new Date(0).toISOString() })
      .where('id', '=', flaky)
      .execute();
    await runner.drain();
    expect(await jobOf(flaky)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'attempt 2: SMTP said no' });
    expect(backoffMs(1, 1000)).toBe(1000);
    expect(backoffMs(4, 1000)).toBe(8000);
    expect(backoffMs(40, 1000)).toBe(3_600_000);
  });

  it('gives a job up once when its workers kept stopping while they ran it, and tells the kind', async () => {
    const given: Array<{ payload: unknown; reason: string }> = [];
    let ran = 0;
    const runner = new JobRunner({ db: db(), dialect, lockSeconds: 60 }).register(
      'test.crashy',
      async () => {
        ran++;
      },
      { onGiveUp: async (payload, { reason }) => void given.push({ payload, reason }) },
    );
    const id = await enqueue(db(), 'test.crashy', { inboundId: 7 }, { maxAttempts: 2 });
    // Two workers claim it and stop before it ends (their locks run out).
    for (let i = 0; i < 2; i++) {
      expect((await runner.claimBatch(['test.crashy'], 1)).map((j) => j.id)).toEqual([id]);
      await db()
        .updateTable('jobs')
        .set({ locked_until: new Date(0).toISOString() })
        .where('id', '=', id)
        .execute();
    }
    expect(await runner.drain()).toBe(1);
    expect(ran).toBe(0);
    expect(await jobOf(id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(given).toEqual([{ payload: { inboundId: 7 }, reason: 'The worker running this job stopped and it has no attempts left. (3 attempts)' }]);
    // A job that ends well, or is retried, is not given up.
    await enqueue(db(), 'test.crashy', { inboundId: 8 });
    await runner.drain();
    expect(given).toHaveLength(1);
  });

  it('keeps a kind in its own lane moving while the shared loops are busy with a backlog', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = 0;
    let intakeDone = false;
    const runner = new JobRunner({ db: db(), dialect, concurrency: 1, idleMs: 10 })
      .register('test.slow-send', async () => {
        slowStarted++;
        await blocked;
      })
      .register(
        'test.intake',
        async () => {
          intakeDone = true;
        },
        { lane: 'intake' },
      );
    for (let i = 0; i < 5; i++) await enqueue(db(), 'test.slow-send', { i });
    const intake = await enqueue(db(), 'test.intake', {});
    runner.start();
    try {
      // The job is done once the runner recorded it, a moment after its handler returned.
      for (let i = 0; i < 500 && (await jobOf(intake)).status !== 'done'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      // The one shared loop is stuck in the first outgoing mail; the intake lane went ahead anyway.
      expect(intakeDone).toBe(true);
      expect(slowStarted).toBe(1);
      expect((await jobOf(intake)).status).toBe('done');
    } finally {
      release();
      await runner.stop();
    }
    await runner.drain();
  });

  it('runs as many jobs of a lane side by side as the lane has slots, besides the shared loop', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const runner = new JobRunner({ db: db(), dialect, concurrency: 1, idleMs: 10 }).register(
      'test.wide-lane',
      async () => {
        started++;
        await blocked;
      },
      { lane: 'wide', laneSlots: 3 },
    );
    const ids: number[] = [];
    for (let n = 0; n < 5; n++) ids.push(await enqueue(db(), 'test.wide-lane', { n }));
    runner.start();
    try {
      // One in the shared loop, three in the lane's: four wait at the same time, the fifth for a slot.
      for (let i = 0; i < 500 && started < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(started).toBe(4);
    } finally {
      release();
      await runner.stop();
    }
    await runner.drain();
    for (const id of ids) expect((await jobOf(id)).status).toBe('done');
  });

  it('reports how long its claimed jobs had waited while it is behind, and nothing once it caught up, for kinds it does not run or for a job that runs long', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const runner = new JobRunner({ db: db(), dialect, concurrency: 2, idleMs: 10 }).register('test.lag', async () => {
      await blocked;
    });
    const dueAgo = (ms: number) => ({ runAt: new Date(Date.now() - ms).toISOString() });
    await enqueue(db(), 'test.lag-elsewhere', {}, dueAgo(3_600_000));
    for (let i = 0; i < 5; i++) await enqueue(db(), 'test.lag', { i }, dueAgo(30_000 - i * 1000));
    expect(runner.lagMs()).toBe(0);
    runner.start();
    try {
      // Both slots taken by the two oldest; three more wait: behind since the oldest was due.
      for (let i = 0; i < 500 && runner.lagMs() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(runner.lagMs()).toBeGreaterThanOrEqual(30_000);
      expect(runner.lagMs()).toBeLessThan(3_600_000);
    } finally {
      release();
    }
    // Once a claim finds fewer due jobs than free slots it has caught up; the job of a kind no
    // runner here handles, due an hour ago, does not count.
    for (let i = 0; i < 500 && runner.lagMs() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.lagMs()).toBe(0);
    await runner.stop();
    const left = await db().selectFrom('jobs').select('status').where('kind', '=', 'test.lag').execute();
    expect(left.map((j) => j.status)).toEqual(Array(5).fill('done'));

    // A job that runs long, with nothing else waiting, is no lag: it did not wait.
    let finish!: () => void;
    const long = new Promise<void>((resolve) => (finish = resolve));
    let started = false;
    const single = new JobRunner({ db: db(), dialect, concurrency: 1, idleMs: 10 }).register('test.lag-long', async () => {
      started = true;
      await long;
    });
    await enqueue(db(), 'test.lag-long', {});
    single.start();
    try {
      for (let i = 0; i < 500 && !started; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(single.lagMs()).toBeLessThan(1000);
    } finally {
      finish();
      await single.stop();
    }
  });

  it('claims the oldest jobs of each listed kind through the index of queued jobs by kind, never past the backlog of other kinds', async () => {
    // 5,000 receipts wait (for an SMTP server, or with none configured, for ever); a mail arrives.
    // Through (status, run_at) each claim read every receipt due before it: a cost growing with
    // the backlog of kinds the claim does not even take.
    const now = new Date(Date.now() - 60_000).toISOString();
    const backlog = Array.from({ length: 5_000 }, (_, i) => ({
      kind: 'test.receipt-backlog',
      payload: JSON.stringify({ i }),
      status: 'queued',
      run_at: now,
      max_attempts: 5,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < backlog.length; i += 500)
      await db()
        .insertInto('jobs')
        .values(backlog.slice(i, i + 500))
        .execute();
    const later = new Date(Date.now() - 30_000).toISOString();
    const intake = await enqueue(db(), 'test.plan-intake', { n: 1 });
    const other = await enqueue(db(), 'test.plan-other', { n: 2 });
    await db().updateTable('jobs').set({ run_at: later }).where('id', '=', intake).execute();
    await sql`ANALYZE jobs`.execute(db());
    try {
      for (const kinds of [['test.plan-intake'], ['test.plan-other', 'test.plan-intake', 'test.plan-none']]) {
        const params: ClaimParams = { now: nowIso(), lockedUntil: nowIso(), workerId: 'plan', kinds: listParameter(kinds, dialect), limit: 5 };
        const claim = claimQueryFor('queued').compiled(db(), params);
        const plan = await queryPlan(db(), CompiledQuery.raw(claim.sql, claim.parameters));
        expect(plan).toContain('jobs_queued_by_kind');
        expect(plan).not.toContain('jobs_due');
      }
      // And the claim takes the listed kinds' jobs, oldest due first, none of the backlog.
      const runner = new JobRunner({ db: db(), dialect });
      const claimed = await runner.claimBatch(['test.plan-other', 'test.plan-intake', 'test.plan-none'], 5, { expired: false });
      expect(claimed.map((j) => j.id)).toEqual([intake, other]);
    } finally {
      await db().deleteFrom('jobs').where('kind', 'in', ['test.receipt-backlog', 'test.plan-intake', 'test.plan-other']).execute();
    }
  });

  it('lets two workers share the queue without running a job twice, and takes over expired locks', async () => {
    const ran: number[] = [];
    const make = () =>
      new JobRunner({ db: db(), dialect, concurrency: 3, idleMs: 20 }).register('test.count', async (payload) => {
        ran.push((payload as { n: number }).n);
        await new Promise((r) => setTimeout(r, 1));
      });
    const ids: number[] = [];
    for (let n = 0; n < 60; n++) ids.push(await enqueue(db(), 'test.count', { n }));
    const a = make();
    const b = make();
    a.start();
    b.start();
    for (let i = 0; i < 500; i++) {
      const left = await db().selectFrom('jobs').select('id').where('kind', '=', 'test.count').where('status', '!=', 'done').execute();
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([a.stop(), b.stop()]);
    expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, n) => n));

    // A worker died while holding a job: once its lock has expired, another worker runs it.
    const orphan = await enqueue(db(), 'test.count', { n: 99 });
    await db()
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', orphan)
      .execute();
    const held = await enqueue(db(), 'test.count', { n: 100 });
    await db()
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_until: new Date(Date.now() + 60_000).toISOString() })
      .where('id', '=', held)
      .execute();
    await make().drain();
    expect(await jobOf(orphan)).toMatchObject({ status: 'done', attempts: 2 });
    expect((await jobOf(held)).status).toBe('running');
  });

  it('keeps the lock of a job that runs longer than the lock, so no other worker runs it too', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const make = () =>
      new JobRunner({ db: db(), dialect, concurrency: 1, idleMs: 20, lockSeconds: 1 }).register('test.slow', async () => {
        runs++;
        await slow;
      });
    const id = await enqueue(db(), 'test.slow', {});
    const a = make();
    const b = make();
    a.start();
    while ((await jobOf(id)).status !== 'running') await new Promise((r) => setTimeout(r, 20));
    b.start();
    // Three lock lengths pass while the job runs; the other worker keeps polling all along.
    await new Promise((r) => setTimeout(r, 3000));
    release();
    while ((await jobOf(id)).status !== 'done') await new Promise((r) => setTimeout(r, 20));
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBe(1);
    expect((await jobOf(id)).attempts).toBe(1);
  });

  it('claims a batch in one statement, runs it side by side and never hands a job to two batches', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 5; n++) ids.push(await enqueue(db(), 'test.batch', { n }));
    const a = new JobRunner({ db: db(), dialect }).register('test.batch', async () => undefined);
    const first = await a.claimBatch(['test.batch'], 3);
    const second = await a.claimBatch(['test.batch'], 3);
    expect(first.map((j) => j.id)).toEqual(ids.slice(0, 3));
    expect(second.map((j) => j.id)).toEqual(ids.slice(3));
    expect(await a.claimBatch(['test.batch'], 3)).toEqual([]);
    for (const job of [...first, ...second]) expect(await a.execute(job)).toBe('done');
    for (const id of ids) expect(await jobOf(id)).toMatchObject({ status: 'done', attempts: 1 });

    // Four slots: four mails wait for their SMTP server at the same time, not one after the other.
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const parallel: number[] = [];
    for (let n = 0; n < 4; n++) parallel.push(await enqueue(db(), 'test.side-by-side', { n }));
    const runner = new JobRunner({ db: db(), dialect, concurrency: 4, idleMs: 10 }).register('test.side-by-side', async () => {
      if (++started === 4) release();
      await allStarted;
    });
    runner.start();
    try {
      for (let i = 0; i < 500 && started < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(started).toBe(4);
    } finally {
      release();
      await runner.stop();
    }
    for (const id of parallel) expect((await jobOf(id)).status).toBe('done');
  });

  it('drains side by side as the worker runs, each job once, and returns when none is left', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 20; n++) ids.push(await enqueue(db(), 'test.drain', { n }));
    const runs = new Map<number, number>();
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const fourStarted = new Promise<void>((resolve) => (release = resolve));
    const runner = new JobRunner({ db: db(), dialect, concurrency: 4, workerId: 'drainer' }).register('test.drain', async (payload) => {
      const { n } = payload as { n: number };
      runs.set(n, (runs.get(n) ?? 0) + 1);
      most = Math.max(most, ++inFlight);
      // The first four wait for each other: they only all start when they run side by side.
      if (most === 4) release();
      if (n < 4) await fourStarted;
      inFlight--;
    });
    expect(await runner.drainConcurrently()).toBe(20);
    expect(most).toBe(4);
    expect([...runs.values()]).toEqual(Array(20).fill(1));
    for (const id of ids) expect(await jobOf(id)).toMatchObject({ status: 'done', attempts: 1, claimed_by: 'drainer' });
    expect(await runner.drainConcurrently()).toBe(0);
  });

  it('shows jobs and failures to admins only and retries a failed job', async () => {
    const id = await enqueue(db(), 'test.admin', { ticketId: 7, secret: 'mail text' }, { maxAttempts: 1 });
    await new JobRunner({ db: db(), dialect })
      .register('test.admin', async () => {
        throw new Error('mailbox full');
      })
      .drain();
    const list = await t.admin.client.get('/api/v1/admin/jobs?status=failed&kind=test.admin');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, kind: 'test.admin', status: 'failed', attempts: 1, lastError: 'attempt 1: mailbox full', ticketId: 7 })]);
    expect(JSON.stringify(list.body)).not.toContain('mail text');

    expect((await agent.client.get('/api/v1/admin/jobs')).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/admin/jobs')).status).toBe(401);
    expect((await agent.client.post(`/api/v1/admin/jobs/${id}/retry`)).status).toBe(403);
    const bad = await t.admin.client.get('/api/v1/admin/jobs?status=exploded');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect((await t.admin.client.post('/api/v1/admin/jobs/999999/retry')).status).toBe(404);

    const retried = await t.admin.client.post(`/api/v1/admin/jobs/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0, lastError: 'attempt 1: mailbox full' });
    const again = await t.admin.client.post(`/api/v1/admin/jobs/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });
});
