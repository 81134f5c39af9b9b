import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Service levels (modules/sla):
 * - sla_calendars: opening hours per weekday (JSON), time zone, public-holiday region, extra closed dates (JSON).
 * - sla_policies: targets in business minutes, tried in `position` order; conditions and breach actions as JSON/flags.
 * - ticket_sla: each ticket's clock, written only by the SLA subscriber and its timer jobs (the
 *   tickets table stays the ticket commands' own). Due times include `paused_seconds`, the
 *   business time the ticket spent pending or resolved.
 * - sla_breaches: one row per missed target, for reports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const id = (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey());
  const idType = sqlite ? 'integer' : 'serial';
  await db.schema
    .createTable('sla_calendars')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('holiday_country', 'text')
    .addColumn('holiday_state', 'text')
    .addColumn('closed_dates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'integer', (c) => c.notNull().references('sla_calendars.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('next_response_minutes', 'integer')
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('warning_percent', 'integer', (c) => c.notNull().defaultTo(80))
    .addColumn('breach_escalate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('breach_raise_priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_policies_position').on('sla_policies').columns(['position', 'id']).execute();

  await db.schema
    .createTable('ticket_sla')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('policy_id', 'integer', (c) => c.notNull().references('sla_policies.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('paused_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_since', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('first_responded_at', 'text')
    .addColumn('first_response_due_at', 'text', (c) => c.notNull())
    .addColumn('first_response_warn_at', 'text', (c) => c.notNull())
    .addColumn('first_response_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_due_at', 'text', (c) => c.notNull())
    .addColumn('resolution_warn_at', 'text', (c) => c.notNull())
    .addColumn('resolution_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_sla_policy').on('ticket_sla').column('policy_id').execute();

  await db.schema
    .createTable('sla_breaches')
    .addColumn('id', idType, id)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('policy_id', 'integer', (c) => c.references('sla_policies.id').onDelete('set null'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_breaches_once', ['ticket_id', 'target'])
    .execute();
  await db.schema.createIndex('sla_breaches_time').on('sla_breaches').columns(['breached_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_breaches').execute();
  await db.schema.dropTable('ticket_sla').execute();
  await db.schema.dropTable('sla_policies').execute();
  await db.schema.dropTable('sla_calendars').execute();
}
