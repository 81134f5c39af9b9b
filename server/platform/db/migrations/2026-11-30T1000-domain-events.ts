import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Domain events (the outbox of the ticket commands) and the subscribers' cursors over them.
 * `tx_id` is the writing transaction's id on PostgreSQL (0 on SQLite, which commits in id
 * order): the dispatcher only reads events of finished transactions, so none is skipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const idType = sqlite ? 'integer' : 'bigserial';
  await db.schema
    .createTable('domain_events')
    .addColumn('id', idType, (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'integer')
    .addColumn('actor_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('tx_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_order').on('domain_events').columns(['tx_id', 'id']).execute();
  await db.schema.createIndex('domain_events_aggregate').on('domain_events').columns(['aggregate_id', 'id']).execute();

  await db.schema
    .createTable('event_subscriptions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_tx_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_event_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('lock_token', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_failures')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('subscriber', 'text', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_failures').execute();
  await db.schema.dropTable('event_subscriptions').execute();
  await db.schema.dropTable('domain_events').execute();
}
