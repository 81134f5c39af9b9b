import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';

/**
 * Ticket merges in the audit log. Transactional delivery: the entry is written in the same
 * transaction that moves this subscriber's cursor, so each merge is logged exactly once. It
 * starts at the beginning, so merges made before the audit log existed are logged too.
 */
export function auditSubscriber(): Subscriber {
  return {
    name: 'audit-log',
    events: ['ticket.merged'],
    handle: async (stored, ctx) => {
      const event = asTicketEvent(stored);
      if (event.type !== 'ticket.merged' || event.aggregateId === null) return;
      await recordAudit(ctx.db, {
        action: 'ticket.merged',
        actorId: event.actorId,
        clientIp: null,
        target: { type: 'ticket', id: event.aggregateId, label: `#${event.aggregateId}` },
        details: { targetId: event.payload.targetId },
        at: event.occurredAt,
      });
    },
  };
}
