import { enqueue } from '../../platform/jobs/queue.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import { AppError } from '../../platform/errors.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
import type { WebhookEvent } from '../../../shared/contracts/webhooks.ts';
import { WEBHOOK_DELIVERY_JOB, WEBHOOK_MAX_ATTEMPTS, type WebhookDeliveryPayload } from './deliver-webhook.job.ts';

/** The webhook event each domain event stands for. */
const WEBHOOK_EVENT_OF: Record<string, WebhookEvent> = {
  'ticket.created': 'ticket.created',
  'ticket.changed': 'ticket.updated',
  'message.added': 'message.added',
  'ticket.escalated': 'ticket.escalated',
  'ticket.merged': 'ticket.merged',
  'sla.breached': 'sla.breached',
};

/** The active webhooks, read once per batch of events. */
const activeWebhooks = (db: Executor, once: ReadOnce | undefined) =>
  readOnce(once, 'active_webhooks', () => db.selectFrom('webhooks').select(['id', 'events', 'include_internal']).where('active', '=', 1).execute());

/**
 * Queues one delivery job per active webhook that wants the event, in the subscriber's
 * transaction (exactly once). The body is the agent view of the ticket as it is when the
 * subscriber runs — only the ticket object, never a message's text — fixed at this moment so that
 * retries send the same signed bytes. Internal notes fire message.added only for webhooks that
 * chose them. Starts with the events after it was first registered.
 */
export function webhooksSubscriber(): Subscriber {
  return {
    name: 'webhooks',
    events: Object.keys(WEBHOOK_EVENT_OF),
    startAt: 'now',
    async handle(event, { db, once }) {
      const kind = WEBHOOK_EVENT_OF[event.type];
      if (!kind || event.aggregateId === null) return;
      const internal = event.type === 'message.added' && (event.payload as { internal?: boolean }).internal === true;
      const active = await activeWebhooks(db, once);
      const hooks = active.filter((h) => (JSON.parse(h.events) as string[]).includes(kind) && (!internal || h.include_internal === 1));
      if (hooks.length === 0) return;
      const ticket = await loadTicket(db, event.aggregateId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      });
      if (!ticket) return;
      const body = JSON.stringify({ event: kind, occurredAt: event.occurredAt, ticket });
      for (const hook of hooks) {
        const payload: WebhookDeliveryPayload = { webhookId: hook.id, event: kind, body };
        await enqueue(db, WEBHOOK_DELIVERY_JOB, payload, { maxAttempts: WEBHOOK_MAX_ATTEMPTS });
      }
    },
    // No active webhook: no transaction.
    nothingToDo: async (_events, { db, once }) => (await activeWebhooks(db, once)).length === 0,
  };
}
