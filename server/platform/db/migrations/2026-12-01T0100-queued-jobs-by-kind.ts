import { type Kysely, sql } from 'kysely';

/**
 * The queued jobs of one kind, due first: a claim takes the oldest of each kind it runs from here
 * (runner.ts). Through `jobs_due` (status, run_at) it stepped over every queued job of the kinds
 * it does not run that was due earlier: arriving mail's own lane read every waiting receipt
 * (1.4 ms with 5,000; 20 ms at 70,000), and a worker without an SMTP server configured every
 * outgoing mail waiting for one. Partial: only queued jobs are in it, so a job enters once and
 * leaves when claimed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('jobs_queued_by_kind').on('jobs').columns(['kind', 'run_at', 'id']).where(sql.ref('status'), '=', sql.lit('queued')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_queued_by_kind').execute();
}
