import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { pruneJobs } from './prune-jobs.ts';

describe.each(DIALECTS)('pruning finished jobs on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('deletes done jobs after 7 days and failed ones after 30, in batches, and never a waiting job', async () => {
    const db = t.db.handle.db;
    const now = new Date('2026-11-30T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const job = (label: string, status: string, runAt: string) => ({ kind: 'test.prune', payload: JSON.stringify({ label }), status, run_at: runAt, created_at: runAt, updated_at: runAt });
    await db
      .insertInto('jobs')
      .values([
        ...Array.from({ length: 7 }, (_, i) => job(`old-done-${i}`, 'done', daysAgo(8 + i))),
        job('recent-done', 'done', daysAgo(6)),
        job('failed-10-days', 'failed', daysAgo(10)),
        job('failed-40-days', 'failed', daysAgo(40)),
        job('old-queued', 'queued', daysAgo(60)),
        job('old-running', 'running', daysAgo(60)),
      ])
      .execute();

    // Batches of 3: seven old done jobs take three statements, and all of them go.
    expect(await pruneJobs(db, now, 3)).toBe(8);
    const left = await db.selectFrom('jobs').select('payload').where('kind', '=', 'test.prune').execute();
    expect(left.map((r) => (JSON.parse(r.payload) as { label: string }).label).sort()).toEqual(['failed-10-days', 'old-queued', 'old-running', 'recent-done']);
    expect(await pruneJobs(db, now, 3)).toBe(0);
  });
});
