import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Every ticket's public search document starts with its scope: "ßr<requester id>" and, where it
 * has one, "ßo<organisation id>" (scopeTokens in modules/tickets/ticket-index.ts, whose format
 * this frozen copy must keep). A requester's search then intersects its words with their scopes
 * inside the index. PostgreSQL drops the two GIN indexes before rewriting every row and builds
 * them again afterwards: updating them row by row takes many times as long at a million tickets.
 */
const SCOPE = sql`'ßr' || tickets.requester_id || CASE WHEN tickets.organisation_id IS NULL THEN '' ELSE ' ßo' || tickets.organisation_id END`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`UPDATE ticket_fts SET public_text = (SELECT ${SCOPE} FROM tickets WHERE tickets.id = ticket_fts.rowid) || ' ' || public_text
      WHERE rowid IN (SELECT id FROM tickets)`.execute(db);
    return;
  }
  await sql`DROP INDEX ticket_search_public`.execute(db);
  await sql`DROP INDEX ticket_search_all`.execute(db);
  // Through the same parser as new tickets' documents (indexNewTicket), so both spell them alike.
  await sql`UPDATE ticket_search SET public_doc = to_tsvector('simple', ${SCOPE}) || ticket_search.public_doc
    FROM tickets WHERE tickets.id = ticket_search.ticket_id`.execute(db);
  await createIndexes(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`UPDATE ticket_fts SET public_text = substr(public_text, length((SELECT ${SCOPE} FROM tickets WHERE tickets.id = ticket_fts.rowid)) + 2)
      WHERE rowid IN (SELECT id FROM tickets)`.execute(db);
    return;
  }
  await sql`UPDATE ticket_search SET public_doc = ts_delete(ticket_search.public_doc, ARRAY['ßr' || tickets.requester_id, 'ßo' || coalesce(tickets.organisation_id, 0)])
    FROM tickets WHERE tickets.id = ticket_search.ticket_id`.execute(db);
}

async function createIndexes(db: Kysely<any>): Promise<void> {
  // As created by the initial migration, with the pending-list limit of 2026-11-30T2359.
  await sql`CREATE INDEX ticket_search_public ON ticket_search USING gin (public_doc) WITH (gin_pending_list_limit = 256)`.execute(db);
  await sql`CREATE INDEX ticket_search_all ON ticket_search USING gin ((public_doc || internal_doc)) WITH (gin_pending_list_limit = 256)`.execute(db);
  await sql`ANALYZE ticket_search`.execute(db);
}
