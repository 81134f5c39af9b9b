import type { Db } from '../db/database.ts';

/** Finished jobs are kept this long (the admin's job view shows them), failed ones longer. */
export const DONE_JOBS_KEPT_DAYS = 7;
export const FAILED_JOBS_KEPT_DAYS = 30;
const BATCH = 5_000;
/** At most this many batches a run: a backlog of years goes away over a few runs, never in one long lock. */
const MAX_BATCHES = 20;
/** How often a worker prunes (worker-role.ts). */
export const PRUNE_JOBS_EVERY_MS = 60 * 60_000;

/**
 * Deletes done jobs older than DONE_JOBS_KEPT_DAYS and failed ones older than
 * FAILED_JOBS_KEPT_DAYS (by the time they were due, which the `jobs_due` index on
 * (status, run_at) finds), in batches of 5,000 rows, each its own statement. Every ticket
 * leaves a few jobs behind (mails, timers), so without this the table grows with every ticket
 * ever created. Several workers may prune at once: they delete the same rows, harmlessly.
 * Returns how many rows went.
 */
export async function pruneJobs(db: Db, now: Date, batchSize = BATCH): Promise<number> {
  let deleted = 0;
  for (const [status, days] of [
    ['done', DONE_JOBS_KEPT_DAYS],
    ['failed', FAILED_JOBS_KEPT_DAYS],
  ] as const) {
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const result = await db
        .deleteFrom('jobs')
        .where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('status', '=', status).where('run_at', '<', before).limit(batchSize))
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      deleted += n;
      if (n < batchSize) break;
    }
  }
  return deleted;
}
