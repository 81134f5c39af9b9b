import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../platform/db/database.ts';
import { newestEvent } from '../platform/events/event-reading.ts';
import { DIALECTS } from '../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../test/test-app.ts';
import { enqueue } from '../platform/jobs/queue.ts';
import { JobRunner } from '../platform/jobs/runner.ts';
import { ProcessLag } from '../platform/process-lag.ts';

/**
 * The app as `anlauf serve` builds it holds writes back while a subscriber is behind, and lets
 * them go once it caught up; people still get every answer. (The mechanism itself, with its
 * limits, is tested in platform/http/write-backpressure.test.ts.)
 */
describe.each(DIALECTS)('a serving app under backpressure on %s', (dialect) => {
  let t: TestApp;
  let customer: TestUser;

  const held = async () => /^anlauf_writes_held 1$/m.test(String((await t.admin.client.get('/metrics')).body));
  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { backpressureEvents: 3 }, { backpressure: true });
    customer = await t.user({ role: 'customer' });
    // A subscriber of another worker that has stopped moving, its cursor at the start.
    await t.db.handle.db.insertInto('event_subscriptions').values({ name: 'slow-worker', last_tx_id: 0, last_event_id: 0, updated_at: nowIso() }).execute();
  });
  afterAll(() => t.close());

  it('holds writes while events pile up behind a subscriber, answers every request, and lets go once it caught up', async () => {
    expect(await held()).toBe(false);
    for (let i = 0; i < 4; i++) expect((await customer.client.post('/api/v1/tickets', { subject: `Drucker ${i}`, body: 'Druckt nicht.' })).status).toBe(201);
    await until(held, 'writes are held');

    // Held: six requests at once still all become tickets, and reading is not held.
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => customer.client.post('/api/v1/tickets', { subject: `Monitor ${i}`, body: 'Flackert.' })));
    expect(created.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(created.map((r) => r.body.id)).size).toBe(6);
    const list = await customer.client.get('/api/v1/tickets?limit=50');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(10);

    const last = (await newestEvent(t.db.handle.db))!;
    await t.db.handle.db.updateTable('event_subscriptions').set({ last_tx_id: last.tx, last_event_id: last.id, updated_at: nowIso() }).where('name', '=', 'slow-worker').execute();
    await until(async () => !(await held()), 'writes are free again');
  });

  it('holds writes while the worker of the same process lets its jobs wait, with the event backlog not watched', async () => {
    const lag = new ProcessLag();
    const served = await createTestApp(dialect, { backpressureEvents: 0, backpressureJobLagSeconds: 2 }, { backpressure: { jobLagMs: () => lag.jobsMs() } });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const runner = new JobRunner({ db: served.db.handle.db, dialect, concurrency: 1, idleMs: 10 }).register('test.slow-receipt', () => blocked);
    const removeLag = lag.add(() => runner.lagMs());
    const metric = async () => String((await served.admin.client.get('/metrics')).body);
    try {
      expect(await metric()).toMatch(/^anlauf_writes_held 0$/m);
      for (let i = 0; i < 2; i++) await enqueue(served.db.handle.db, 'test.slow-receipt', { i }, { runAt: new Date(Date.now() - 5000).toISOString() });
      runner.start();
      await until(async () => /^anlauf_writes_held 1$/m.test(await metric()), 'writes are held for the jobs');
      expect(Number(/^anlauf_job_lag_seconds (\S+)$/m.exec(await metric())?.[1])).toBeGreaterThanOrEqual(5);
      const someone = await served.user({ role: 'customer' });
      expect((await someone.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'Druckt nicht.' })).status).toBe(201);
      release();
      await until(async () => /^anlauf_writes_held 0$/m.test(await metric()), 'writes are free again');
    } finally {
      release();
      await runner.stop();
      removeLag();
      await served.close();
    }
  });

  it('is off in an app not built for serving (tests, one-shot commands)', async () => {
    const plain = await createTestApp(dialect, { backpressureEvents: 1 });
    try {
      expect(String((await plain.admin.client.get('/metrics')).body)).not.toMatch(/anlauf_writes_held/);
    } finally {
      await plain.close();
    }
  });
});
