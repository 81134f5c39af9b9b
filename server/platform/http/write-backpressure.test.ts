import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import client from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { recordEvents } from '../events/domain-events.ts';
import { errorHandler } from './error-handler.ts';
import { eventBacklog } from '../events/event-reading.ts';
import { registerWriteBackpressure } from './write-backpressure.ts';
import { enqueue } from '../jobs/queue.ts';
import { JobRunner } from '../jobs/runner.ts';
import { ProcessLag } from '../process-lag.ts';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function addEvents(db: Db, n: number): Promise<void> {
  await db.transaction().execute((trx) =>
    recordEvents(
      trx,
      Array.from({ length: n }, () => ({ type: 'thing.written', aggregateId: null, actorId: null, payload: {} })),
    ),
  );
}

/** The newest event in delivery order, as a cursor that has caught up holds it. */
async function newestCursor(db: Db): Promise<{ last_tx_id: number; last_event_id: number }> {
  const last = await db.selectFrom('domain_events').select(['tx_id', 'id']).orderBy('tx_id', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return { last_tx_id: Number(last.tx_id), last_event_id: Number(last.id) };
}

describe.each(DIALECTS)('write backpressure on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let backpressure: ReturnType<typeof registerWriteBackpressure>;
  const metrics = new client.Registry();
  /** The most requests of each kind that were inside a handler at once. */
  const inside = { write: 0, read: 0 };
  const most = { write: 0, read: 0 };
  const resetMost = () => Object.assign(most, { write: 0, read: 0 });
  const handler = (kind: 'write' | 'read') => async () => {
    inside[kind]++;
    most[kind] = Math.max(most[kind], inside[kind]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    inside[kind]--;
    return { ok: true };
  };
  const burst = (method: 'POST' | 'GET', n: number) => Promise.all(Array.from({ length: n }, () => app.inject({ method, url: method === 'POST' ? '/write' : '/read' })));

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = tdb.handle.db;
    await db.insertInto('event_subscriptions').values({ name: 'follower', last_tx_id: 0, last_event_id: 0, updated_at: nowIso() }).execute();
    app = Fastify();
    app.setErrorHandler(errorHandler);
    backpressure = registerWriteBackpressure(app, { db, highWater: 5, lowWater: 1, slots: 2, pollMs: 10, maxWaiting: 4, metrics });
    app.post('/write', handler('write'));
    app.get('/read', handler('read'));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('lets writes run freely while the subscribers keep up, holds them to two at a time while they are behind (reads never), refuses beyond the waiting limit, and lets go once they caught up', async () => {
    // Caught up: eight writes at once all run at once.
    let replies = await burst('POST', 8);
    expect(replies.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(most.write).toBe(8);

    // Ten events behind (more than 5): writes run two at a time, the others wait and succeed.
    await addEvents(db, 10);
    await until(() => backpressure.state().engaged, 'writes are held');
    const shown = await metrics.metrics();
    expect(shown).toMatch(/^anlauf_writes_held 1$/m);
    expect(shown).toMatch(/^anlauf_event_backlog 10$/m);
    resetMost();
    const [writes, reads] = await Promise.all([burst('POST', 6), burst('GET', 6)]);
    expect(writes.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(most.write).toBe(2);
    expect(reads.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(most.read).toBe(6);

    // Two run, four wait; the three beyond that are told to come back.
    replies = await burst('POST', 9);
    const refused = replies.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.headers['retry-after']).toBe('1');
    expect(refused[0]!.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(replies.filter((r) => r.statusCode === 200)).toHaveLength(6);

    // The subscriber catches up: writes run freely again.
    await db
      .updateTable('event_subscriptions')
      .set({ ...(await newestCursor(db)), updated_at: nowIso() })
      .where('name', '=', 'follower')
      .execute();
    await until(() => !backpressure.state().engaged, 'writes are free again');
    resetMost();
    replies = await burst('POST', 8);
    expect(replies.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(most.write).toBe(8);
    expect(backpressure.state()).toMatchObject({ running: 0, waiting: 0 });
    expect(await metrics.metrics()).toMatch(/^anlauf_writes_held 0$/m);
  });

  it('holds writes back while the due jobs of the worker in the same process wait too long, and lets go once it caught up', async () => {
    const lag = new ProcessLag();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const runner = new JobRunner({ db, dialect, concurrency: 1, idleMs: 10 }).register('test.receipt', async () => {
      await blocked;
    });
    const removeLag = lag.add(() => runner.lagMs());
    const own = Fastify();
    own.setErrorHandler(errorHandler);
    const held = registerWriteBackpressure(own, { db, highWater: 0, jobLag: { ms: () => lag.jobsMs(), highMs: 5000 }, slots: 2, pollMs: 10, metrics: new client.Registry() });
    own.post('/write', handler('write'));
    await own.ready();
    const writes = (n: number) => Promise.all(Array.from({ length: n }, () => own.inject({ method: 'POST', url: '/write' })));
    try {
      resetMost();
      expect((await writes(6)).map((r) => r.statusCode)).toEqual(Array(6).fill(200));
      expect(most.write).toBe(6);

      // Receipts due ten seconds ago, and the worker busy with the first: it is behind.
      for (let i = 0; i < 3; i++) await enqueue(db, 'test.receipt', { i }, { runAt: new Date(Date.now() - 10_000).toISOString() });
      runner.start();
      await until(() => held.state().engaged, 'writes are held for the jobs');
      expect(held.state().jobLagMs).toBeGreaterThanOrEqual(10_000);
      resetMost();
      expect((await writes(6)).map((r) => r.statusCode)).toEqual(Array(6).fill(200));
      expect(most.write).toBe(2);

      release();
      await until(() => !held.state().engaged, 'writes are free again');
      resetMost();
      expect((await writes(6)).map((r) => r.statusCode)).toEqual(Array(6).fill(200));
      expect(most.write).toBe(6);
    } finally {
      release();
      await runner.stop();
      removeLag();
      await own.close();
    }
  });

  it('spaces held writes further apart while the lag still grows, and closer again once it shrinks', async () => {
    let lagMs = 0;
    const own = Fastify();
    own.setErrorHandler(errorHandler);
    const held = registerWriteBackpressure(own, { db, highWater: 0, jobLag: { ms: () => lagMs, highMs: 5000 }, slots: 2, pollMs: 10, metrics: new client.Registry() });
    own.post('/write', handler('write'));
    await own.ready();
    const writes = (n: number) => Promise.all(Array.from({ length: n }, () => own.inject({ method: 'POST', url: '/write' })));
    const gaps: number[] = [];
    const watch = setInterval(() => gaps.push(held.state().gapMs), 5);
    try {
      // Held back, but the worker keeps its distance: two at a time, no pause.
      lagMs = 10_000;
      await until(() => held.state().engaged, 'writes are held');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(held.state().gapMs).toBe(0);
      // Its lag grows from one look to the next: the pause doubles, up to a tenth of a second.
      const growing = setInterval(() => (lagMs += 1_000), 10);
      await until(() => held.state().gapMs === 100, 'the pause reaches its most');
      clearInterval(growing);
      const doubling = [0, 4, 8, 16, 32, 64, 100];
      expect(gaps.filter((gap) => !doubling.includes(gap))).toEqual([]);
      expect(gaps.filter((gap) => gap > 0 && gap < 100).length).toBeGreaterThan(0);
      // Writes still run, at most two at a time, a pause apart.
      resetMost();
      expect((await writes(3)).map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(most.write).toBeLessThanOrEqual(2);
      // It shrinks: the pause halves down to none, while writes are still held.
      const shrinking = setInterval(() => (lagMs -= 100), 10);
      await until(() => held.state().gapMs === 0, 'the pause is gone');
      clearInterval(shrinking);
      expect(held.state().engaged).toBe(true);
    } finally {
      clearInterval(watch);
      lagMs = 0;
      await own.close();
    }
  });

  it('does not run a held write whose client gave up while it waited, and gives its turn to the next', async () => {
    let lagMs = 10_000;
    const ran: string[] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const own = Fastify();
    own.setErrorHandler(errorHandler);
    const held = registerWriteBackpressure(own, { db, highWater: 0, jobLag: { ms: () => lagMs, highMs: 5000 }, slots: 1, pollMs: 10, metrics: new client.Registry() });
    own.post('/write', async (request) => {
      const { name } = request.body as { name: string };
      ran.push(name);
      if (name === 'A') await first;
      return { ok: true };
    });
    await own.listen({ port: 0, host: '127.0.0.1' });
    const { port } = own.server.address() as AddressInfo;
    const connections = () => new Promise<number>((resolve, reject) => own.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    const post = (name: string) => {
      const request = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/write', headers: { 'content-type': 'application/json' }, agent: false });
      const answered = new Promise<number>((resolve, reject) => {
        request.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        request.on('error', reject);
      });
      request.end(JSON.stringify({ name }));
      return { request, answered };
    };
    try {
      await until(() => held.state().engaged, 'writes are held');
      const a = post('A');
      await until(() => ran.includes('A'), 'A runs');
      const b = post('B');
      b.answered.catch(() => undefined);
      await until(() => held.state().waiting === 1, 'B waits');
      const c = post('C');
      await until(() => held.state().waiting === 2, 'C waits');
      // B's client gives up, and the server sees its connection close.
      b.request.destroy();
      for (let i = 0; i < 500 && (await connections()) > 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await connections()).toBe(2);
      release();
      expect(await a.answered).toBe(200);
      expect(await c.answered).toBe(200);
      expect(ran).toEqual(['A', 'C']);
      expect(held.state()).toMatchObject({ running: 0, waiting: 0 });
    } finally {
      release();
      lagMs = 0;
      await own.close();
    }
  });

  it('counts only subscribers that work: one waiting for a retry or not moved for five minutes does not hold writes back', async () => {
    const caughtUp = await newestCursor(db);
    const head = caughtUp.last_event_id;
    await db
      .updateTable('event_subscriptions')
      .set({ ...caughtUp, updated_at: nowIso() })
      .where('name', '=', 'follower')
      .execute();
    await db
      .insertInto('event_subscriptions')
      .values({ name: 'failing', last_tx_id: 0, last_event_id: 0, retry_at: new Date(Date.now() + 60_000).toISOString(), updated_at: nowIso() })
      .execute();
    await db
      .insertInto('event_subscriptions')
      .values({ name: 'removed', last_tx_id: 0, last_event_id: 0, updated_at: new Date(Date.now() - 6 * 60_000).toISOString() })
      .execute();
    expect(await eventBacklog(db, { workingOnly: true })).toBe(0);
    expect(await eventBacklog(db)).toBe(head);
    await db
      .insertInto('event_subscriptions')
      .values({ name: 'slow', last_tx_id: 0, last_event_id: head - 3, updated_at: nowIso() })
      .execute();
    expect(await eventBacklog(db, { workingOnly: true })).toBe(3);
  });

  it('counts a cursor at the last event in delivery order as caught up, though an earlier-delivered event has a higher id', async () => {
    await db.deleteFrom('event_subscriptions').execute();
    // PostgreSQL takes ids before commit: the transaction that started later may take the lower id.
    const row = (tx: number) => ({ type: 'thing.written', aggregate_id: null, actor_id: null, payload: '{}', created_at: nowIso(), tx_id: tx });
    await db.insertInto('domain_events').values(row(9_000_000_002)).execute();
    await db.insertInto('domain_events').values(row(9_000_000_001)).execute();
    const last = await newestCursor(db);
    expect(last.last_tx_id).toBe(9_000_000_002);
    await db
      .insertInto('event_subscriptions')
      .values({ name: 'done', ...last, updated_at: nowIso() })
      .execute();
    expect(await eventBacklog(db)).toBe(0);
    await db
      .insertInto('event_subscriptions')
      .values({ name: 'one-short', last_tx_id: 9_000_000_001, last_event_id: last.last_event_id + 1, updated_at: nowIso() })
      .execute();
    expect(await eventBacklog(db)).toBe(1);
  });
});
