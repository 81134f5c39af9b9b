import type { Kysely } from 'kysely';

/** The decoded subject of each received mail, for the admins' list of inbound mail (the raw mail is not read for a list). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inbound_mails').addColumn('subject', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inbound_mails').dropColumn('subject').execute();
}
