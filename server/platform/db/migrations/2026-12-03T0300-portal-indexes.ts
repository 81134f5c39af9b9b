import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * SQLite only: the portal lists a customer's requests last changed first (`sort=-updated`):
 * their own and, where the organisation shares them, the organisation's, each read from an index
 * in that order and merged (visibleParts in modules/tickets/list-tickets.ts). Without them SQLite
 * collected every ticket of the customer and of the organisation and sorted them: at 1,000,000
 * tickets the demo customer's list (11,522 of her own, 46,546 of her organisation's) took 135 ms.
 * PostgreSQL walks its updated-at index with the customer's condition as a filter instead.
 * Organisation: only the rows that have one, as for tickets_organisation (2026-12-02T0100).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.createIndex('tickets_requester_updated').on('tickets').columns(['requester_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('tickets_organisation_updated').on('tickets').columns(['organisation_id', 'updated_at', 'id']).where(sql.ref('organisation_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.dropIndex('tickets_requester_updated').execute();
  await db.schema.dropIndex('tickets_organisation_updated').execute();
}
