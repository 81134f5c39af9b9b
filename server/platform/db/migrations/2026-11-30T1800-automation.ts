import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Automation (modules/automation):
 * - triggers: admin-defined rules tried in `position` order on ticket and SLA events; the
 *   events, conditions and actions are JSON checked by shared/contracts/automation.ts.
 * - automation_settings: one row (id 1) with the time rules (close resolved tickets after N days).
 * - automation_runs: one row per time-rule slot, so that with several workers each slot's run
 *   happens once.
 * - domain_events.cause: what caused an event (a trigger's chain and depth), so that a trigger's
 *   own changes do not fire it again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const id = (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey());
  await db.schema
    .createTable('triggers')
    .addColumn('id', sqlite ? 'integer' : 'serial', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull().defaultTo('all'))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('triggers_position').on('triggers').columns(['position', 'id']).execute();

  await db.schema
    .createTable('automation_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('auto_close_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('auto_close_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('automation_runs')
    .addColumn('slot', 'text', (c) => c.primaryKey())
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('domain_events').addColumn('cause', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('domain_events').dropColumn('cause').execute();
  await db.schema.dropTable('automation_runs').execute();
  await db.schema.dropTable('automation_settings').execute();
  await db.schema.dropTable('triggers').execute();
}
