import { type QueryCreator, type Selectable, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { JobsTable } from '../db/schema.ts';
import { inList, type listParameter, prepared } from '../db/prepared.ts';

/** A row of the job queue as the runner claims it. */
export type JobRow = Selectable<JobsTable>;

export interface ClaimParams {
  now: string;
  lockedUntil: string;
  workerId: string;
  /** listParameter (prepared.ts). */
  kinds: ReturnType<typeof listParameter>;
  limit: number;
}

const claimSet = (p: ClaimParams) => ({ status: 'running' as const, attempts: sql<number>`attempts + 1`, locked_until: p.lockedUntil, claimed_by: p.workerId, updated_at: p.now });

/**
 * Claims up to `limit` due jobs of the listed kinds, oldest first, taking each kind's oldest
 * from the partial index of queued jobs by kind (`jobs_queued_by_kind`) and merging them.
 * Through `jobs_due` (status, run_at) a claim stepped over every queued job of the kinds not
 * listed that was due earlier: arriving mail's own lane read the whole backlog of receipts
 * (1.4 ms with 5,000 waiting), and every claim of a worker read all outgoing mail waiting for an
 * SMTP server that is not configured (its kind has no handler, so its jobs wait). This way a
 * claim reads at most `limit` entries per kind, whatever waits.
 *
 * PostgreSQL may run an IN (…) subquery again for each row it updates, and with SKIP LOCKED
 * every run finds the next jobs: a materialised CTE picks the batch exactly once.
 */
const claimDue = prepared<ClaimParams, JobRow>((db, p, dialect) => {
  if (dialect === 'postgres') {
    return claimThroughCte(db, p, (qc) =>
      qc
        // `k(kind)`: the list's elements as rows of a one-column table.
        .selectFrom(sql<{ kind: string }>`unnest(${p.kinds}::text[])`.as(sql.raw('k(kind)') as unknown as 'k'))
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom('jobs')
              .select(['jobs.id', 'jobs.run_at'])
              .where('jobs.status', '=', sql.lit('queued'))
              .where(sql<SqlBool>`jobs.kind = k.kind`)
              .where('jobs.run_at', '<=', p.now)
              .orderBy('jobs.run_at')
              .orderBy('jobs.id')
              .limit(p.limit)
              .forUpdate()
              .skipLocked()
              .as('c'),
          (join) => join.onTrue(),
        )
        .select('c.id')
        .orderBy('c.run_at')
        .orderBy('c.id')
        .limit(p.limit),
    );
  }
  // SQLite looks the correlated subquery up once per listed kind (the rowids it yields).
  const oldest = sql<SqlBool>`j.id IN (SELECT id FROM jobs WHERE status = 'queued' AND kind = k.value AND run_at <= ${p.now} ORDER BY run_at, id LIMIT ${p.limit})`;
  return db
    .updateTable('jobs')
    .set(claimSet(p))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom([sql`json_each(${p.kinds})`.as('k'), 'jobs as j'])
        .where(oldest)
        .select('j.id')
        .orderBy('j.run_at')
        .orderBy('j.id')
        .limit(p.limit),
    )
    .returningAll();
});

/**
 * Claims up to `limit` jobs whose worker stopped (their lock expired): few, looked for a few
 * times per lock period (see loop).
 */
const claimExpired = prepared<ClaimParams, JobRow>((db, p, dialect) => {
  const expired = sql<SqlBool>`status = 'running' AND locked_until < ${p.now} AND ${inList('kind', p.kinds, dialect, 'text')}`;
  const candidates = (qc: QueryCreator<Database>) => qc.selectFrom('jobs').select('id').where(expired).orderBy('run_at').orderBy('id').limit(p.limit);
  return dialect === 'postgres' ? claimThroughCte(db, p, (qc) => candidates(qc).forUpdate().skipLocked()) : db.updateTable('jobs').set(claimSet(p)).where('id', 'in', candidates(db)).returningAll();
});

/** PostgreSQL: claims the ids `pick` selects, picked exactly once (a materialised CTE). */
function claimThroughCte(db: Executor, p: ClaimParams, pick: (qc: QueryCreator<Database>) => SelectQueryBuilder<any, any, { id: number }>) {
  return db
    .with((cte) => cte('claimable').materialized(), pick)
    .updateTable('jobs')
    .set(claimSet(p))
    .from('claimable')
    .where(sql<SqlBool>`jobs.id = claimable.id`)
    .returningAll('jobs');
}

/** The claim statement for a status (exported for the test of its plan). */
export function claimQueryFor(status: 'queued' | 'running') {
  return status === 'queued' ? claimDue : claimExpired;
}

/** The ids as one parameter whatever their count (listParameter). */
export const markJobsDone = prepared((db, p: { ids: ReturnType<typeof listParameter>; now: string }, dialect) =>
  db
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, updated_at: p.now })
    .where(inList('id', p.ids, dialect, 'bigint')),
);
