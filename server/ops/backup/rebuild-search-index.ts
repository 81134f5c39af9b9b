import { sql } from 'kysely';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { indexText } from '../../platform/search/normalise.ts';
import { scopeTokens, settleTicketIndex } from '../../modules/tickets/ticket-index.ts';
import { recordSearchWords } from '../../modules/tickets/search-words.ts';

const BATCH = 200;

/**
 * Rebuilds the ticket search index from tickets and messages (restore does this instead of
 * copying the index, which differs between the databases): per ticket one row with the
 * subject and public replies as the public document and the internal notes as the internal one.
 */
export async function rebuildSearchIndex(db: Executor, dialect: Dialect): Promise<number> {
  await sql`DELETE FROM ${sql.table(dialect === 'sqlite' ? 'ticket_fts' : 'ticket_search')}`.execute(db);
  await sql`DELETE FROM ticket_search_words`.execute(db);
  let afterId = 0;
  let indexed = 0;
  for (;;) {
    const tickets = await db.selectFrom('tickets').select(['id', 'subject', 'requester_id', 'organisation_id']).where('id', '>', afterId).orderBy('id').limit(BATCH).execute();
    if (tickets.length === 0) {
      await settleTicketIndex(db, dialect);
      return indexed;
    }
    const ids = tickets.map((t) => t.id);
    const messages = await db.selectFrom('messages').select(['ticket_id', 'internal', 'body']).where('ticket_id', 'in', ids).orderBy('id').execute();
    const docs = new Map(tickets.map((t) => [t.id, { scope: scopeTokens({ requesterId: t.requester_id, organisationId: t.organisation_id }), public: [t.subject], internal: [] as string[] }]));
    for (const m of messages) docs.get(m.ticket_id)?.[m.internal ? 'internal' : 'public'].push(m.body);
    const texts = [...docs].map(([id, doc]) => ({ id, pub: `${doc.scope} ${indexText(doc.public.join('\n'))}`, internal: indexText(doc.internal.join('\n')) }));
    const values = texts.map(({ id, pub, internal }) => (dialect === 'sqlite' ? sql`(${id}, ${pub}, ${internal})` : sql`(${id}, to_tsvector('simple', ${pub}), to_tsvector('simple', ${internal}))`));
    await (
      dialect === 'sqlite'
        ? sql`INSERT INTO ticket_fts (rowid, public_text, internal_text) VALUES ${sql.join(values)}`
        : sql`INSERT INTO ticket_search (ticket_id, public_doc, internal_doc) VALUES ${sql.join(values)}`
    ).execute(db);
    await recordSearchWords(db, texts);
    indexed += tickets.length;
    afterId = ids[ids.length - 1]!;
  }
}
