import type { Insertable } from 'kysely';
import type { MessagesTable } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { MessageDto } from '../../../shared/contracts/messages.ts';

/** A ticket's messages, oldest first; internal notes only when `includeInternal`. */
export async function listMessages(db: Executor, ticketId: number, includeInternal: boolean, onlyIds?: number[]): Promise<MessageDto[]> {
  let qb = db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.author_id')
    .select([
      'messages.id',
      'messages.ticket_id',
      'messages.internal',
      'messages.body',
      'messages.body_html',
      'messages.created_at',
      'messages.automatic',
      'messages.sender_verified',
      'users.id as author_id',
      'users.name as author_name',
    ])
    .where('messages.ticket_id', '=', ticketId)
    .orderBy('messages.id', 'asc');
  if (!includeInternal) qb = qb.where('messages.internal', '=', 0);
  if (onlyIds) qb = qb.where('messages.id', 'in', onlyIds);
  const rows = await qb.execute();
  const attachments = rows.length
    ? await db
        .selectFrom('attachments')
        .select(['id', 'message_id', 'filename', 'content_type', 'size'])
        .where('ticket_id', '=', ticketId)
        .where(
          'message_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    author: { id: row.author_id, name: row.author_name },
    internal: row.internal === 1,
    automatic: row.automatic === 1,
    // Whether a mail's sender was verified matters to agents; requesters only see their side.
    senderVerified: includeInternal && row.sender_verified !== null ? row.sender_verified === 1 : null,
    body: row.body,
    // sender_verified is set for exactly the messages that came by mail (and only those carry HTML).
    format: row.sender_verified !== null || row.body_html !== null ? 'text' : 'markdown',
    bodyHtml: row.body_html,
    attachments: attachments.filter((a) => a.message_id === row.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
    createdAt: row.created_at,
  }));
}

export interface NewMessage {
  ticketId: number;
  authorId: number;
  internal: boolean;
  /** An automatic answer (out-of-office, bounce) to our own mail. */
  automatic?: boolean;
  /** Mail only: whether the sender's address was verified; undefined for the web and the API. */
  senderVerified?: boolean | undefined;
  body: string;
  bodyHtml?: string | null | undefined;
  at: string;
  /**
   * PostgreSQL: an id already taken from the messages' sequence (a ticket's insert takes its
   * first message's): the insert is then sent without waiting for its answer (send-write.ts).
   */
  id?: number | undefined;
}

/** Writes one message of a conversation (the ticket commands call this inside their transaction). */
export async function insertMessage(db: Executor, message: NewMessage): Promise<number> {
  const columns = {
    ticket_id: message.ticketId,
    author_id: message.authorId,
    internal: message.internal ? 1 : 0,
    automatic: message.automatic ? 1 : 0,
    sender_verified: message.senderVerified === undefined ? null : message.senderVerified ? 1 : 0,
    body: message.body,
    body_html: message.bodyHtml ?? null,
    created_at: message.at,
  };
  if (message.id !== undefined && dialectOf(db) === 'postgres') {
    await insertMessageWithId.send(db, { ...columns, id: message.id });
    return message.id;
  }
  const row = await insertMessageRow.takeFirst(db, columns);
  return row!.id;
}

/** Every column given (the prepared statement has one shape). */
type MessageInsert = Required<Omit<Insertable<MessagesTable>, 'id'>>;

/** A message's columns by name (a prepared query's values must be named one by one). */
const messageColumns = (p: MessageInsert): MessageInsert => ({
  ticket_id: p.ticket_id,
  author_id: p.author_id,
  internal: p.internal,
  automatic: p.automatic,
  sender_verified: p.sender_verified,
  body: p.body,
  body_html: p.body_html,
  created_at: p.created_at,
});

/** Built once (platform/db/prepared.ts): every ticket and reply writes one. */
const insertMessageRow = prepared((db, p: MessageInsert) => db.insertInto('messages').values(messageColumns(p)).returning('id'));

/** With an id taken from the sequence beforehand (PostgreSQL, a new ticket's first message). */
const insertMessageWithId = prepared((db, p: MessageInsert & { id: number }) => db.insertInto('messages').values({ id: p.id, ...messageColumns(p) }));
