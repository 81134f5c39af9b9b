import type { Kysely } from 'kysely';

/**
 * Escalation and routing:
 * - ticket_followers: agents who keep reading a ticket they escalated out of their groups
 *   ("my escalations"); written by the escalate command.
 * - group_members.supervisor: the members told when someone notifies a group's supervisors.
 * - categories.group_id / escalation_group_id: the group that handles a category's new tickets,
 *   and the group the escalation dialog suggests for it.
 * - ticket_events.reason: why someone escalated, handed back or called the supervisors; shown
 *   with the history entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_followers')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_followers_pk', ['ticket_id', 'user_id'])
    .execute();
  // "My escalations" and the visibility check look up by user.
  await db.schema.createIndex('ticket_followers_user').on('ticket_followers').columns(['user_id', 'ticket_id']).execute();

  await db.schema
    .alterTable('group_members')
    .addColumn('supervisor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('categories')
    .addColumn('group_id', 'integer', (c) => c.references('groups.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('categories')
    .addColumn('escalation_group_id', 'integer', (c) => c.references('groups.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('ticket_events').addColumn('reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_events').dropColumn('reason').execute();
  await db.schema.alterTable('categories').dropColumn('escalation_group_id').execute();
  await db.schema.alterTable('categories').dropColumn('group_id').execute();
  await db.schema.alterTable('group_members').dropColumn('supervisor').execute();
  await db.schema.dropTable('ticket_followers').execute();
}
