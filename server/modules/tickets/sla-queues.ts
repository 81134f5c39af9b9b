import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export type SlaQueue = 'at_risk' | 'breached';

/**
 * Running clocks that were warned or breached: word for word the condition of the partial index
 * `ticket_sla_flagged` (migration 2026-12-02T0300), literals included, as SQLite uses a partial
 * index only for a query that names each term of its condition. Every clock in an SLA queue is
 * one of these, a few among all open tickets.
 */
const FLAGGED = sql<SqlBool>`${sql.raw(
  'stopped_at IS NULL AND (first_response_warned = 1 OR first_response_breached = 1 OR resolution_warned = 1 OR resolution_breached = 1 OR next_response_warned = 1 OR next_response_breached = 1)',
)}`;

/**
 * The SLA queues of the agent home, read from ticket_sla (kept by modules/sla): "breached" when
 * a target was missed and the clock has not stopped (not resolved); "at risk" when a running
 * target passed its warning share and nothing is breached yet. The tickets come from the index
 * of flagged clocks: tested ticket by ticket, a queue page and its count read every open ticket.
 */
export function inSlaQueue(queue: SlaQueue) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> =>
    eb(
      'tickets.id',
      'in',
      eb
        .selectFrom('ticket_sla')
        .select('ticket_sla.ticket_id')
        .where(FLAGGED)
        .where((s) =>
          queue === 'breached'
            ? s.or([s('ticket_sla.first_response_breached', '=', 1), s('ticket_sla.resolution_breached', '=', 1), s('ticket_sla.next_response_breached', '=', 1)])
            : s.and([
                s('ticket_sla.first_response_breached', '=', 0),
                s('ticket_sla.resolution_breached', '=', 0),
                s('ticket_sla.next_response_breached', '=', 0),
                s.or([
                  s.and([s('ticket_sla.first_response_warned', '=', 1), s('ticket_sla.first_responded_at', 'is', null)]),
                  s('ticket_sla.resolution_warned', '=', 1),
                  s.and([s('ticket_sla.next_response_warned', '=', 1), s('ticket_sla.next_response_since', 'is not', null)]),
                ]),
              ]),
        ),
    );
}
