import type { StoredEvent } from '../../platform/events/domain-events.ts';
import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { linkArticle, linkedSlugs } from './ticket-article-links.ts';

/** Only an agent's public reply can carry a link to insert (not a customer's message, a note, an automatic mail). */
function isAgentsPublicReply(stored: StoredEvent): boolean {
  const event = asTicketEvent(stored);
  return event.type === 'message.added' && event.payload.byAgent && !event.payload.internal && !event.payload.automatic;
}

/**
 * An agent's public reply that carries an article's help-center address (the composer's
 * "insert article" puts it there) links the article to the ticket: the articles that solved a
 * ticket are known without a second click. Only articles the requester could read are linked
 * this way (published, public or of the ticket's organisation); internal ones an agent links by hand.
 */
export function kbTicketLinksSubscriber(): Subscriber {
  return {
    name: 'kb-ticket-links',
    events: ['message.added'],
    startAt: 'now',
    handle: async (stored, { db }) => {
      const event = asTicketEvent(stored);
      if (event.type !== 'message.added' || !isAgentsPublicReply(stored)) return;
      const message = await db.selectFrom('messages').select(['body', 'author_id']).where('id', '=', event.payload.messageId).executeTakeFirst();
      if (!message) return;
      const slugs = linkedSlugs(message.body);
      if (slugs.length === 0) return;
      const ticket = await db
        .selectFrom('tickets')
        .select(['id', 'organisation_id'])
        .where('id', '=', event.aggregateId ?? 0)
        .executeTakeFirst();
      if (!ticket) return;
      const articles = await db
        .selectFrom('kb_articles')
        .select('id')
        .where('slug', 'in', slugs)
        .where('status', '=', 'published')
        .where((eb) =>
          eb.or([eb('visibility', '=', 'public'), ...(ticket.organisation_id ? [eb.and([eb('visibility', '=', 'organisation'), eb('organisation_id', '=', ticket.organisation_id)])] : [])]),
        )
        .execute();
      for (const a of articles) await linkArticle(db, ticket.id, a.id, 'reply', message.author_id);
    },
    // Customers' messages, notes and automatic mails link nothing: no transaction for them.
    nothingToDo: async (events) => !events.some(isAgentsPublicReply),
  };
}
