import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from '../db/database.ts';
import { indexText, queryTerms } from './normalise.ts';

/**
 * The ticket search index: one row per ticket with a public document (subject, public replies)
 * and an internal one (internal notes). SQLite uses FTS5, PostgreSQL tsvector + GIN over the
 * same pre-processed text, so both find the same tickets.
 */
export async function indexNewTicket(db: Executor, dialect: Dialect, ticketId: number, publicText: string, internalText = ''): Promise<void> {
  const pub = indexText(publicText);
  const internal = indexText(internalText);
  if (dialect === 'sqlite') {
    await sql`INSERT INTO ticket_fts (rowid, public_text, internal_text) VALUES (${ticketId}, ${pub}, ${internal})`.execute(db);
  } else {
    await sql`INSERT INTO ticket_search (ticket_id, public_doc, internal_doc)
      VALUES (${ticketId}, to_tsvector('simple', ${pub}), to_tsvector('simple', ${internal}))`.execute(db);
  }
}

/** Adds text (a new message, a changed subject) to a ticket's index row. */
export async function appendToTicketIndex(db: Executor, dialect: Dialect, ticketId: number, text: string, internal: boolean): Promise<void> {
  const add = indexText(text);
  if (!add) return;
  if (dialect === 'sqlite') {
    if (internal) await sql`UPDATE ticket_fts SET internal_text = internal_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db);
    else await sql`UPDATE ticket_fts SET public_text = public_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db);
  } else if (internal) {
    await sql`UPDATE ticket_search SET internal_doc = internal_doc || to_tsvector('simple', ${add}) WHERE ticket_id = ${ticketId}`.execute(db);
  } else {
    await sql`UPDATE ticket_search SET public_doc = public_doc || to_tsvector('simple', ${add}) WHERE ticket_id = ${ticketId}`.execute(db);
  }
}

export interface TicketMatch {
  /** A condition on tickets.id: the ticket matches the query. */
  where: Expression<SqlBool>;
  /** A score expression for relevance sorting: lower is better on both databases. */
  score: Expression<number>;
}

/**
 * Builds the match for a query, or undefined when the text holds no searchable word.
 * Requesters search only the public document.
 */
export function matchTickets(dialect: Dialect, text: string, includeInternal: boolean): TicketMatch | undefined {
  const groups = queryTerms(text);
  if (groups.length === 0) return undefined;
  if (dialect === 'sqlite') {
    const expr = groups.map((alts) => `(${alts.map((a) => `"${a}"*`).join(' OR ')})`).join(' AND ');
    const match = includeInternal ? expr : `public_text : (${expr})`;
    return {
      where: sql<SqlBool>`tickets.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ${match})`,
      score: sql<number>`(SELECT bm25(ticket_fts) FROM ticket_fts WHERE ticket_fts MATCH ${match} AND rowid = tickets.id)`,
    };
  }
  const query = groups.map((alts) => `(${alts.map((a) => `'${a}':*`).join(' | ')})`).join(' & ');
  const doc = includeInternal ? sql`(ticket_search.public_doc || ticket_search.internal_doc)` : sql`ticket_search.public_doc`;
  return {
    where: sql<SqlBool>`tickets.id IN (SELECT ticket_id FROM ticket_search WHERE ${doc} @@ to_tsquery('simple', ${query}))`,
    score: sql<number>`(SELECT -ts_rank(${doc}, to_tsquery('simple', ${query}))::float8 FROM ticket_search WHERE ticket_id = tickets.id)`,
  };
}
