import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { learnedLocale } from './detect-language.ts';

/**
 * Learns a person's language from their first message (by mail, in the portal or through the
 * API) when they have not chosen one, so that every later mail to them is in that language.
 * Automatic mail (out-of-office replies) says nothing about the person and is skipped.
 */
export function detectLanguageSubscriber(): Subscriber {
  return {
    name: 'detect-language',
    events: ['ticket.created', 'message.added'],
    handle: async (stored, { db }) => {
      const event = asTicketEvent(stored);
      if (event.type === 'message.added' && (event.payload.automatic || event.payload.internal)) return;
      if (event.type !== 'message.added' && event.type !== 'ticket.created') return;
      const author = await db
        .selectFrom('messages')
        .innerJoin('users', 'users.id', 'messages.author_id')
        .select(['users.id', 'users.locale'])
        .where('messages.id', '=', event.payload.messageId)
        .executeTakeFirst();
      if (author && author.locale === null) await learnedLocale(db, author.id, { readUnset: true });
    },
  };
}
