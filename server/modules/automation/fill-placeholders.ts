import type { TicketDto } from '../../../shared/contracts/tickets.ts';

export interface PlaceholderContext {
  ticket: Pick<TicketDto, 'id' | 'subject' | 'status' | 'priority' | 'group' | 'requester'>;
  ticketUrl: string;
  recipientName: string;
}

/**
 * Fills {{ticket.number}}, {{ticket.subject}}, {{requester.name}} … (shared/contracts/automation.ts
 * lists them) into an admin's text. Unknown placeholders stay as written, so a typo shows.
 */
export function fillPlaceholders(template: string, ctx: PlaceholderContext): string {
  const values: Record<string, string> = {
    'ticket.number': String(ctx.ticket.id),
    'ticket.subject': ctx.ticket.subject,
    'ticket.status': ctx.ticket.status,
    'ticket.priority': ctx.ticket.priority,
    'ticket.group': ctx.ticket.group.name,
    'ticket.url': ctx.ticketUrl,
    'requester.name': ctx.ticket.requester.name,
    'requester.email': ctx.ticket.requester.email,
    'recipient.name': ctx.recipientName,
  };
  return template.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) => values[key.toLowerCase()] ?? whole);
}
