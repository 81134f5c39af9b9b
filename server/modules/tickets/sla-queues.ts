import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export type SlaQueue = 'at_risk' | 'breached';

/**
 * The SLA queues of the agent home, read from ticket_sla (kept by modules/sla): "breached" when
 * a target was missed and the clock has not stopped (not resolved); "at risk" when a running
 * target passed its warning share and nothing is breached yet.
 */
export function inSlaQueue(queue: SlaQueue) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> =>
    eb.exists(
      eb
        .selectFrom('ticket_sla')
        .select('ticket_sla.ticket_id')
        .whereRef('ticket_sla.ticket_id', '=', 'tickets.id')
        .where('ticket_sla.stopped_at', 'is', null)
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
