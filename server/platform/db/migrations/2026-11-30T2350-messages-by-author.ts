import type { Kysely } from 'kysely';

/**
 * A person's first messages (the language of someone who never chose one, looked up for every
 * notification to them) were found by walking the whole messages table in id order: one scan
 * per notified person and ticket, slower with every ticket. This index finds them directly.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('messages_author').on('messages').columns(['author_id', 'internal', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_author').execute();
}
