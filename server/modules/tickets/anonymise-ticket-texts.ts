import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { beforeCommit } from '../../platform/db/before-commit.ts';
import { indexNewTicket, type TicketScope } from './ticket-index.ts';
import { pruneSearchWords, wordsOfDocument } from './search-words.ts';

export interface TicketTextScrub {
  /** Tickets whose subject and messages are searched for the person's name and address. */
  ticketIds: number[];
  /** Messages whose whole text goes (the person's own words). */
  messageIds: number[];
  placeholder: string;
  /** [old, new] pairs replaced wherever they occur, ignoring case (name, e-mail address). */
  replacements: Array<[string, string]>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Erasure of a person (modules/privacy): the ticket module's part. Their own messages lose their
 * text; their name and address are replaced in the subjects and messages of the given tickets;
 * the search index of those tickets is rebuilt from what is left, so the old words cannot be
 * found any more. Earlier subjects in the history and in the `ticket.changed` events get the same
 * replacements, and so does a ticket holding their messages (merged into someone else's). Not a
 * change of the ticket's content in the ticket's history (no event): the version moves on, so an
 * open editor gets a 409 rather than writing the old subject back.
 */
export async function anonymiseTicketTexts(db: Executor, scrub: TicketTextScrub): Promise<{ messages: number; tickets: number }> {
  const patterns = scrub.replacements.filter(([old]) => old.trim().length >= 3).map(([old, replacement]) => [new RegExp(escapeRegExp(old), 'gi'), replacement] as const);
  const replace = (text: string) => patterns.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
  let changedMessages = 0;
  if (scrub.messageIds.length > 0) {
    const done = await db.updateTable('messages').set({ body: scrub.placeholder, body_html: null }).where('id', 'in', scrub.messageIds).executeTakeFirst();
    changedMessages += Number(done.numUpdatedRows);
  }
  const scrubbed = new Set(scrub.messageIds);
  // Their messages may sit in someone else's ticket (merged into it, with a note naming them
  // and their subject): that ticket is scrubbed the same way.
  const holding = scrub.messageIds.length > 0 ? await db.selectFrom('messages').select('ticket_id').distinct().where('id', 'in', scrub.messageIds).execute() : [];
  const ticketIds = [...new Set([...scrub.ticketIds, ...holding.map((m) => m.ticket_id)])];
  for (const ticketId of ticketIds) {
    const ticket = await db.selectFrom('tickets').select(['subject', 'requester_id', 'organisation_id']).where('id', '=', ticketId).executeTakeFirst();
    if (!ticket) continue;
    const subject = replace(ticket.subject);
    if (subject !== ticket.subject)
      await db
        .updateTable('tickets')
        .set({ subject, version: sql`version + 1` })
        .where('id', '=', ticketId)
        .execute();
    const messages = await db.selectFrom('messages').select(['id', 'body', 'body_html']).where('ticket_id', '=', ticketId).orderBy('id').execute();
    for (const message of messages) {
      if (scrubbed.has(message.id)) continue;
      const body = replace(message.body);
      const bodyHtml = message.body_html === null ? null : replace(message.body_html);
      if (body === message.body && bodyHtml === message.body_html) continue;
      await db.updateTable('messages').set({ body, body_html: bodyHtml }).where('id', '=', message.id).execute();
      changedMessages++;
    }
    await scrubSubjectChanges(db, ticketId, replace);
    await rebuildTicketIndex(db, ticketId, { requesterId: ticket.requester_id, organisationId: ticket.organisation_id }, subject);
  }
  return { messages: changedMessages, tickets: scrub.ticketIds.length };
}

/**
 * Earlier subjects live on in the ticket's history entries and in the payloads of its
 * `ticket.changed` events (a change of subject records old and new): the same replacements.
 */
async function scrubSubjectChanges(db: Executor, ticketId: number, replace: (text: string) => string): Promise<void> {
  const entries = await db.selectFrom('ticket_events').select(['id', 'old_value', 'new_value']).where('ticket_id', '=', ticketId).where('field', '=', 'subject').execute();
  for (const entry of entries) {
    const oldValue = entry.old_value === null ? null : replace(entry.old_value);
    const newValue = entry.new_value === null ? null : replace(entry.new_value);
    if (oldValue !== entry.old_value || newValue !== entry.new_value) await db.updateTable('ticket_events').set({ old_value: oldValue, new_value: newValue }).where('id', '=', entry.id).execute();
  }
  const events = await db.selectFrom('domain_events').select(['id', 'payload']).where('aggregate_id', '=', ticketId).where('type', '=', 'ticket.changed').execute();
  for (const event of events) {
    const payload = JSON.parse(event.payload) as { changes?: Array<{ field: string; from: string | null; to: string | null }> };
    let changed = false;
    for (const change of payload.changes ?? []) {
      if (change.field !== 'subject') continue;
      const from = change.from === null ? null : replace(change.from);
      const to = change.to === null ? null : replace(change.to);
      changed ||= from !== change.from || to !== change.to;
      Object.assign(change, { from, to });
    }
    if (changed)
      await db
        .updateTable('domain_events')
        .set({ payload: JSON.stringify(payload) })
        .where('id', '=', event.id)
        .execute();
  }
}

async function rebuildTicketIndex(db: Executor, ticketId: number, scope: TicketScope, subject: string) {
  // In order with the ticket's other full-text writes (platform/db/before-commit.ts).
  let formerWords: string[] = [];
  const sqlite = dialectOf(db) === 'sqlite';
  if (sqlite) {
    await beforeCommit(db, async () => {
      formerWords = await wordsOfDocument(db, ticketId);
      await sql`DELETE FROM ticket_fts WHERE rowid = ${ticketId}`.execute(db);
    });
  } else {
    const { rows } = await sql<{ words: string[] }>`DELETE FROM ticket_search WHERE ticket_id = ${ticketId} RETURNING tsvector_to_array(public_doc || internal_doc) AS words`.execute(db);
    formerWords = rows[0]?.words ?? [];
  }
  const current = await db.selectFrom('messages').select(['body', 'internal']).where('ticket_id', '=', ticketId).orderBy('id').execute();
  const publicText = [subject, ...current.filter((m) => m.internal !== 1).map((m) => m.body)].join('\n');
  const internalText = current
    .filter((m) => m.internal === 1)
    .map((m) => m.body)
    .join('\n');
  await indexNewTicket(db, ticketId, scope, publicText, internalText);
  // A removed name must not stay behind in the word list either (on SQLite after the document
  // was written anew, which waits for the batch's end as the former words' read does).
  if (sqlite) await beforeCommit(db, () => pruneSearchWords(db, ticketId, formerWords));
  else if (formerWords.length > 0) await pruneSearchWords(db, ticketId, formerWords);
}
