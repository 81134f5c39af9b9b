import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { inList, listParameter, prepared } from '../../platform/db/prepared.ts';

/**
 * The notifications' reads for a chunk of events, each one statement for all of its tickets
 * (prepared once, the ids one list parameter): the subscriber used to read them per event, some
 * ten round trips per new ticket, which on PostgreSQL left it the one subscriber behind under
 * load (bench:sustained).
 */

type List = ReturnType<typeof listParameter>;

const ids = (db: Executor, values: Iterable<number>): List => listParameter([...new Set(values)], dialectOf(db));

const ticketsAndRequesters = prepared((db, p: { ids: List }, dialect) =>
  db
    .selectFrom('tickets')
    .leftJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .selectAll('tickets')
    .select([
      'requester.email as requester_email',
      'requester.name as requester_name',
      'requester.locale as requester_locale',
      'requester.role as requester_role',
      'requester.active as requester_active',
    ])
    .where(inList('tickets.id', p.ids, dialect, 'bigint')),
);

export type NotifiedTicket = Omit<Awaited<ReturnType<typeof ticketsAndRequesters.execute>>[number], 'requester_email' | 'requester_name' | 'requester_locale' | 'requester_role' | 'requester_active'>;
export interface Requester {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  role: string;
  active: number;
}

/** The tickets and their requesters (absent: a requester row that no longer exists). */
export async function loadTickets(db: Executor, ticketIds: number[]): Promise<Map<number, { ticket: NotifiedTicket; requester: Requester | undefined }>> {
  const found = new Map<number, { ticket: NotifiedTicket; requester: Requester | undefined }>();
  if (ticketIds.length === 0) return found;
  for (const row of await ticketsAndRequesters.execute(db, { ids: ids(db, ticketIds) })) {
    const { requester_email: email, requester_name: name, requester_locale: locale, requester_role: role, requester_active: active, ...ticket } = row;
    const requester = email === null || name === null || role === null || active === null ? undefined : { id: ticket.requester_id, email, name, locale, role, active };
    found.set(ticket.id, { ticket, requester });
  }
  return found;
}

const ccsOf = prepared((db, p: { ids: List }, dialect) =>
  db
    .selectFrom('ticket_ccs')
    .select(['ticket_id', 'email'])
    .where(inList('ticket_id', p.ids, dialect, 'bigint')),
);

/** Each ticket's CC addresses (tickets without any are absent). */
export async function loadCcs(db: Executor, ticketIds: number[]): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (ticketIds.length === 0) return found;
  for (const row of await ccsOf.execute(db, { ids: ids(db, ticketIds) })) found.set(row.ticket_id, [...(found.get(row.ticket_id) ?? []), row.email]);
  return found;
}

const messagesById = prepared((db, p: { ids: List }, dialect) =>
  db
    .selectFrom('messages')
    .select(['id', 'body', 'internal'])
    .where(inList('id', p.ids, dialect, 'bigint')),
);

export async function loadMessages(db: Executor, messageIds: number[]): Promise<Map<number, { body: string; internal: number }>> {
  if (messageIds.length === 0) return new Map();
  return new Map((await messagesById.execute(db, { ids: ids(db, messageIds) })).map((m) => [m.id, m]));
}

/** The first message of each ticket (for the receipt's article suggestions). */
const firstMessages = prepared((db, p: { ids: List }, dialect) =>
  db
    .selectFrom('messages')
    .select(['ticket_id', 'body'])
    .where(
      'id',
      'in',
      db
        .selectFrom('messages')
        .select((eb) => eb.fn.min('id').as('id'))
        .where(inList('ticket_id', p.ids, dialect, 'bigint'))
        .groupBy('ticket_id'),
    ),
);

export async function loadFirstMessages(db: Executor, ticketIds: number[]): Promise<Map<number, string>> {
  if (ticketIds.length === 0) return new Map();
  return new Map((await firstMessages.execute(db, { ids: ids(db, ticketIds) })).map((m) => [m.ticket_id, m.body]));
}

/** How many of a thread's latest mails go into References. */
export const THREAD_TAIL = 10;

/** Compares text by its bytes, as JavaScript's < does for ASCII (PostgreSQL's default collation would not). */
const byteOrder = (dialect: string) => sql.raw(dialect === 'postgres' ? 'COLLATE "C"' : '');

/** The latest THREAD_TAIL mails of each ticket's thread, in threadOrder. */
const threadTails = prepared((db, p: { ids: List }, dialect) =>
  db
    .selectFrom(
      db
        .selectFrom('mail_threads')
        .select(['ticket_id', 'message_id', 'direction', 'created_at', sql<number>`row_number() OVER (PARTITION BY ticket_id ORDER BY created_at DESC, message_id ${byteOrder(dialect)} DESC)`.as('n')])
        .where(inList('ticket_id', p.ids, dialect, 'bigint'))
        .as('thread'),
    )
    .select(['ticket_id', 'message_id', 'direction', 'created_at'])
    .where('n', '<=', THREAD_TAIL)
    .orderBy('ticket_id')
    .orderBy('n'),
);

/** A thread's order: newest first, mails of the same moment by Message-ID, so every read agrees. */
export const threadOrder = (a: ThreadMail, b: ThreadMail) => (a.createdAt === b.createdAt ? (a.messageId < b.messageId ? 1 : a.messageId > b.messageId ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1);

export interface ThreadMail {
  messageId: string;
  createdAt: string;
}

export interface ThreadTail {
  /** The latest mails, in threadOrder. */
  latest: ThreadMail[];
  /** The latest inbound mail's Message-ID, if any. */
  lastInbound: string | undefined;
}

/** Each ticket's thread tail (for In-Reply-To and References); tickets without mail get an empty one. */
export async function loadThreads(db: Executor, ticketIds: number[]): Promise<Map<number, ThreadTail>> {
  const found = new Map<number, ThreadTail>(ticketIds.map((id) => [id, { latest: [], lastInbound: undefined }]));
  if (ticketIds.length === 0) return found;
  for (const row of await threadTails.execute(db, { ids: ids(db, ticketIds) })) {
    const tail = found.get(row.ticket_id)!;
    tail.latest.push({ messageId: row.message_id, createdAt: row.created_at });
    if (row.direction === 'in') tail.lastInbound ??= row.message_id;
  }
  // A long thread whose latest mails all went out: its latest inbound one lies further back.
  for (const [ticketId, tail] of found) {
    if (tail.lastInbound !== undefined || tail.latest.length < THREAD_TAIL) continue;
    const inbound = await db
      .selectFrom('mail_threads')
      .select('message_id')
      .where('ticket_id', '=', ticketId)
      .where('direction', '=', 'in')
      .orderBy('created_at', 'desc')
      .orderBy(sql`message_id ${byteOrder(dialectOf(db))}`, 'desc')
      .limit(1)
      .executeTakeFirst();
    tail.lastInbound = inbound?.message_id;
  }
  return found;
}
