import { type Kysely, sql } from 'kysely';

/**
 * The queued jobs of one kind, due first. A lane claims only its kinds (arriving mail); through
 * `jobs_due` (status, run_at) it stepped over every queued job of the other kinds that was due
 * earlier: with 5,000 receipts waiting, each claim of one mail read them all (1.4 ms; 20 ms
 * at 70,000). Partial: only queued jobs are in it, so a job enters once and leaves when claimed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('jobs_queued_by_kind').on('jobs').columns(['kind', 'run_at', 'id']).where(sql.ref('status'), '=', sql.lit('queued')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_queued_by_kind').execute();
}
