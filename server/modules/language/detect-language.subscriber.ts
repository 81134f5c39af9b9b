import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { learnedLocales } from './detect-language.ts';

/**
 * Learns a person's language from their first message (by mail, in the portal or through the
 * API) when they have not chosen one, so that every later mail to them is in that language.
 * Automatic mail (out-of-office replies) says nothing about the person and is skipped.
 */
export function detectLanguageSubscriber(): Subscriber {
  return {
    name: 'detect-language',
    events: ['ticket.created', 'message.added'],
    handle: (event, { db }) => learnFromMessages(db, [event]),
    handleBatch: (events, { db }) => learnFromMessages(db, events),
  };
}

/** The authors of the events' messages whose language is unset, looked up and learned together (two or three statements a chunk). */
async function learnFromMessages(db: Executor, stored: StoredEvent[]): Promise<void> {
  const messageIds: number[] = [];
  for (const event of stored.map(asTicketEvent)) {
    if (event.type === 'message.added' && (event.payload.automatic || event.payload.internal)) continue;
    if (event.type === 'message.added' || event.type === 'ticket.created') messageIds.push(event.payload.messageId);
  }
  if (messageIds.length === 0) return;
  const authors = await db.selectFrom('messages').innerJoin('users', 'users.id', 'messages.author_id').select(['users.id', 'users.locale']).where('messages.id', 'in', messageIds).execute();
  await learnedLocales(
    db,
    authors.filter((a) => a.locale === null).map((a) => a.id),
  );
}
