import type { Kysely } from 'kysely';

/**
 * The digest of new-ticket notices (modules/notifications/agent-digest.ts): an agent is mailed
 * about a new ticket in their groups at once, and about the further ones of the next minute in
 * one mail at its end. `agent_notice_windows` holds, per agent, until when further notices wait;
 * `agent_notices_held` the new tickets waiting for that agent's digest, one row per event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agent_notice_windows')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('held_until', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('agent_notices_held')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_notices_held_pk', ['user_id', 'event_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agent_notices_held').execute();
  await db.schema.dropTable('agent_notice_windows').execute();
}
