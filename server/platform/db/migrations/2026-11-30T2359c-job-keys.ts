import type { Kysely } from 'kysely';

/**
 * Jobs: `unique_key` lets a periodic job be enqueued once per period however many workers
 * schedule it (a partial unique index, so the keyless jobs cost nothing); `claimed_by` names the
 * worker process that last claimed a job (host and process id), for operators and for the test
 * that checks several worker processes share the timers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('unique_key', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('claimed_by', 'text').execute();
  await db.schema.createIndex('jobs_unique_key').on('jobs').column('unique_key').unique().where('unique_key', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_unique_key').execute();
  await db.schema.alterTable('jobs').dropColumn('claimed_by').execute();
  await db.schema.alterTable('jobs').dropColumn('unique_key').execute();
}
