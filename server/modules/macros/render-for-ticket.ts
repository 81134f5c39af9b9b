import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { RenderedTextDto } from '../../../shared/contracts/macros.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { LOCALES, type Locale } from '../../../shared/enums.ts';
import { chooseText, fillPlaceholders, firstNameOf } from './placeholders.ts';

const asLocale = (value: string | null): Locale | undefined => ((LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : undefined);

/**
 * A macro's reply or a snippet for one ticket: the text in the requester's language (else the
 * agent's, else German; the other text when that one is empty), placeholders filled in.
 */
export async function renderForTicket(db: Executor, actor: Actor, ticket: TicketDto, texts: Record<Locale, string>): Promise<RenderedTextDto | null> {
  const requester = await db.selectFrom('users').select('locale').where('id', '=', ticket.requester.id).executeTakeFirst();
  const chosen = chooseText(texts, asLocale(requester?.locale ?? null) ?? asLocale(actor.locale) ?? 'de');
  if (!chosen) return null;
  return {
    locale: chosen.locale,
    text: fillPlaceholders(chosen.text, {
      'requester.name': ticket.requester.name,
      'requester.firstName': firstNameOf(ticket.requester.name),
      'ticket.number': String(ticket.id),
      'ticket.subject': ticket.subject,
      'agent.name': actor.name,
    }),
  };
}
