/**
 * How the domain-event subscribers are doing, under /api/v1 (admins):
 *   GET /admin/event-subscriptions → {items:[{name, lastEventId, behind, attempts, lastError, retryAt, updatedAt}]}
 *   GET /admin/event-failures?subscriber= → {items:[{id, subscriber, eventId, eventType, aggregateId, attempts, error, createdAt}]}
 *       events a subscriber gave up on after its retries (newest first, at most 200)
 */
import { z } from 'zod';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';

const subscriptionSchema = z.object({
  name: z.string(),
  lastEventId: z.number(),
  /** Stored events after the subscriber's cursor (of every type; those it ignores pass quickly). */
  behind: z.number(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  retryAt: z.string().nullable(),
  updatedAt: z.string(),
});

const failureSchema = z.object({
  id: z.number(),
  subscriber: z.string(),
  eventId: z.number(),
  eventType: z.string().nullable(),
  aggregateId: z.number().nullable(),
  attempts: z.number(),
  error: z.string(),
  createdAt: z.string(),
});

export async function eventSubscriptionRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['admin'];

  app.get(
    '/admin/event-subscriptions',
    { schema: { tags, summary: 'Domain-event subscribers: cursor, backlog and retry state (admins)', response: { 200: z.object({ items: z.array(subscriptionSchema) }) } } },
    async (request) => {
      requireAdmin(request);
      const rows = await deps.db.selectFrom('event_subscriptions').selectAll().orderBy('name').execute();
      const items = [];
      for (const r of rows) {
        const behind = await deps.db
          .selectFrom('domain_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => eb.or([eb('tx_id', '>', r.last_tx_id), eb.and([eb('tx_id', '=', r.last_tx_id), eb('id', '>', r.last_event_id)])]))
          .executeTakeFirstOrThrow();
        items.push({ name: r.name, lastEventId: r.last_event_id, behind: Number(behind.n), attempts: r.attempts, lastError: r.last_error, retryAt: r.retry_at, updatedAt: r.updated_at });
      }
      return { items };
    },
  );

  app.get(
    '/admin/event-failures',
    {
      schema: {
        tags,
        summary: 'Events a subscriber gave up on after its retries (admins)',
        querystring: z.object({ subscriber: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(failureSchema) }) },
      },
    },
    async (request) => {
      requireAdmin(request);
      const rows = await deps.db
        .selectFrom('event_failures')
        .leftJoin('domain_events', 'domain_events.id', 'event_failures.event_id')
        .select(['event_failures.id', 'subscriber', 'event_id', 'domain_events.type', 'domain_events.aggregate_id', 'attempts', 'error', 'event_failures.created_at'])
        .$if(request.query.subscriber !== undefined, (qb) => qb.where('subscriber', '=', request.query.subscriber!))
        .orderBy('event_failures.id', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          subscriber: r.subscriber,
          eventId: r.event_id,
          eventType: r.type,
          aggregateId: r.aggregate_id,
          attempts: r.attempts,
          error: r.error,
          createdAt: r.created_at,
        })),
      };
    },
  );
}
