import type { Executor } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { type EnqueueOptions, jobRow } from './job-row.ts';

export type { EnqueueOptions };

/**
 * The durable job queue (outbox). A request enqueues inside its own transaction, so the job
 * exists exactly when the change it belongs to is committed; the worker (runner.ts) does the
 * slow and external work with retries. The engine knows no area: each area defines its job
 * kinds and handlers beside its code, and the entry point registers them.
 */
export async function enqueue(db: Executor, kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<number> {
  const [id] = await enqueueMany(db, kind, [payload], options);
  return id!;
}

/** Enqueues several jobs of one kind in one statement; returns their ids in order. */
export function enqueueMany(db: Executor, kind: string, payloads: unknown[], options: EnqueueOptions = {}): Promise<number[]> {
  return insertJobs(
    db,
    payloads.map((payload) => jobRow(kind, payload, options)),
  );
}

/** Jobs of one kind, each due at its own time, in one statement; returns their ids in order. */
export function enqueueTimed(db: Executor, kind: string, jobs: Array<{ payload: unknown; runAt: string }>): Promise<number[]> {
  return insertJobs(
    db,
    jobs.map((job) => jobRow(kind, job.payload, { runAt: job.runAt })),
  );
}

async function insertJobs(db: Executor, rows: Array<ReturnType<typeof jobRow>>): Promise<number[]> {
  if (rows.length === 0) return [];
  // One job (the common case) as a prepared statement; a list makes a statement per count.
  if (rows.length === 1) return [(await insertJob.takeFirst(db, rows[0]!))!.id];
  const inserted = await db.insertInto('jobs').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

/**
 * Enqueues a job only when no job with `key` was ever enqueued (done ones count too): a
 * periodic job that every worker schedules for the same period (`<kind>:<period>`) exists once,
 * however many workers there are. Returns the new job's id, or undefined when it existed.
 */
export async function enqueueOnce(db: Executor, kind: string, payload: unknown, key: string, options: EnqueueOptions = {}): Promise<number | undefined> {
  const row = await insertOnce(db, [{ ...jobRow(kind, payload, options), unique_key: key }])
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** enqueueOnce for several jobs of one kind, in one statement. */
export async function enqueueOnceMany(db: Executor, kind: string, jobs: Array<{ payload: unknown; key: string; runAt?: string }>): Promise<void> {
  if (jobs.length === 0) return;
  await insertOnce(
    db,
    jobs.map((job) => ({ ...jobRow(kind, job.payload, job.runAt ? { runAt: job.runAt } : {}), unique_key: job.key })),
  ).execute();
}

const insertOnce = (db: Executor, rows: Array<ReturnType<typeof jobRow> & { unique_key: string }>) =>
  db
    .insertInto('jobs')
    .values(rows)
    .onConflict((oc) => oc.column('unique_key').where('unique_key', 'is not', null).doNothing());

const insertJob = prepared((db, p: ReturnType<typeof jobRow>) =>
  db
    .insertInto('jobs')
    .values({ kind: p.kind, payload: p.payload, status: p.status, run_at: p.run_at, max_attempts: p.max_attempts, created_at: p.created_at, updated_at: p.updated_at })
    .returning('id'),
);
