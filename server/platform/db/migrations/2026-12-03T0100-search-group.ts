import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * PostgreSQL: each ticket's search row carries a copy of the ticket's group, so that an agent's
 * relevance search keeps the tickets they may see while it reads the documents of the newest
 * matches, without looking every match up in the tickets table (narrowToRecent in
 * modules/tickets/pg-narrowing.ts). Triggers keep the copy: a new search row without it takes
 * the ticket's group, and a ticket that changes group changes its search row in the same
 * statement. The copy only narrows:
 * the page shown is checked against the tickets table again. SQLite ranks inside FTS5 and needs
 * no copy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  // Each row takes its ticket's group while ALTER TABLE writes the table anew: no dead copy of
  // every row is left behind (as an UPDATE leaves one, doubling the table and fragmenting both
  // GIN indexes: at 1,000,000 tickets a rare word's search went from 8 to 13 ms p50), and the
  // indexes are built afresh. The column is added as text first only so that changing its type
  // rewrites the table; the look-up is a function because ALTER's expression takes no subquery
  // (the insert trigger below uses it too).
  await sql`CREATE FUNCTION ticket_group_of(ticket integer) RETURNS integer LANGUAGE sql STABLE AS 'SELECT group_id FROM tickets WHERE id = ticket'`.execute(db);
  await sql`ALTER TABLE ticket_search ADD COLUMN group_id text`.execute(db);
  await sql`ALTER TABLE ticket_search ALTER COLUMN group_id TYPE integer USING ticket_group_of(ticket_id)`.execute(db);
  await sql`ANALYZE ticket_search`.execute(db);
  await sql`CREATE FUNCTION ticket_search_takes_group() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.group_id := ticket_group_of(NEW.ticket_id);
      RETURN NEW;
    END $$`.execute(db);
  // Only where the writer did not give the group (creating a ticket gives it: the trigger's call
  // and look-up cost 5–10 % of creation on PostgreSQL).
  await sql`CREATE TRIGGER ticket_search_takes_group BEFORE INSERT ON ticket_search
    FOR EACH ROW WHEN (NEW.group_id IS NULL) EXECUTE FUNCTION ticket_search_takes_group()`.execute(db);
  await sql`CREATE FUNCTION ticket_group_to_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE ticket_search SET group_id = NEW.group_id WHERE ticket_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER ticket_group_to_search AFTER UPDATE OF group_id ON tickets
    FOR EACH ROW WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id) EXECUTE FUNCTION ticket_group_to_search()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  await sql`DROP TRIGGER ticket_group_to_search ON tickets`.execute(db);
  await sql`DROP FUNCTION ticket_group_to_search()`.execute(db);
  await sql`DROP TRIGGER ticket_search_takes_group ON ticket_search`.execute(db);
  await sql`DROP FUNCTION ticket_search_takes_group()`.execute(db);
  await sql`DROP FUNCTION ticket_group_of(integer)`.execute(db);
  await sql`ALTER TABLE ticket_search DROP COLUMN group_id`.execute(db);
}
