import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Next-response targets and the supervisor call as a choice of the policy:
 * - ticket_sla: the wait for an agent's answer after a requester's reply (`next_response_since`,
 *   the paused business time at its start, its due and warning time and flags).
 * - sla_policies: `breach_notify_supervisors` (on for existing policies: what they did so far).
 * - sla_breaches: a ticket can miss the next response once per wait, so a breach is unique per
 *   (ticket, target, due time); the table is rebuilt because SQLite cannot drop a constraint.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_sla').addColumn('next_response_since', 'text').execute();
  await db.schema
    .alterTable('ticket_sla')
    .addColumn('next_response_paused_base', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('ticket_sla').addColumn('next_response_due_at', 'text').execute();
  await db.schema.alterTable('ticket_sla').addColumn('next_response_warn_at', 'text').execute();
  await db.schema
    .alterTable('ticket_sla')
    .addColumn('next_response_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('ticket_sla')
    .addColumn('next_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sla_policies')
    .addColumn('breach_notify_supervisors', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('sla_breaches_new')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('policy_id', 'integer', (c) => c.references('sla_policies.id').onDelete('set null'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_breaches_once_per_due', ['ticket_id', 'target', 'due_at'])
    .execute();
  await sql`insert into sla_breaches_new (ticket_id, policy_id, target, due_at, breached_at) select ticket_id, policy_id, target, due_at, breached_at from sla_breaches order by id`.execute(db);
  await db.schema.dropTable('sla_breaches').execute();
  await db.schema.alterTable('sla_breaches_new').renameTo('sla_breaches').execute();
  await db.schema.createIndex('sla_breaches_time').on('sla_breaches').columns(['breached_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['next_response_since', 'next_response_paused_base', 'next_response_due_at', 'next_response_warn_at', 'next_response_warned', 'next_response_breached']) {
    await db.schema.alterTable('ticket_sla').dropColumn(column).execute();
  }
  await db.schema.alterTable('sla_policies').dropColumn('breach_notify_supervisors').execute();
}
