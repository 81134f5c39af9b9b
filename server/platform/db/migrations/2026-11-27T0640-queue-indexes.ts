import type { Kysely } from 'kysely';

/**
 * The agent's queue is "newest first in each of my groups": an index in (group, id) order lets
 * each group's page be read without sorting (see listTickets).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tickets_group_id').on('tickets').columns(['group_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_group_id').execute();
}
