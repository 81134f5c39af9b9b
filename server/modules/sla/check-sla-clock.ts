import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { PolicyRow } from './sla.queries.ts';
import { runBreachActions } from './run-breach-actions.ts';
import { type ClockState, dueChecks, type SlaTarget } from './ticket-clock.ts';

/** The timer job: looks at one ticket's clock when a warning or due time should have come. */
export const SLA_CHECK_JOB = 'sla.check';
const payloadSchema = z.object({ ticketId: z.number().int().positive() });

/** The SLA's own event types, recorded like the ticket events so later automation can react. */
export interface SlaEventPayloads {
  'sla.warning': { target: SlaTarget; dueAt: string; policyId: number };
  'sla.breached': { target: SlaTarget; dueAt: string; policyId: number };
}

const dueAtOf = (state: ClockState, target: SlaTarget): string =>
  target === 'first_response' ? state.first_response_due_at : target === 'next_response' ? (state.next_response_due_at ?? state.resolution_due_at) : state.resolution_due_at;

/**
 * Re-checks the ticket's clock at `now` (the caller's clock: the job passes the real time,
 * tests pass any instant). A stale timer — the due time moved, the target was met, the ticket
 * is pending or resolved — finds nothing and does nothing. A breach is recorded once per
 * target (flag + sla_breaches), stated as `sla.breached`, and the policy's breach actions run
 * through the ticket commands, all in one transaction.
 */
export async function checkSlaClock(db: Db, ticketId: number, now: Date): Promise<{ warnings: SlaTarget[]; breaches: SlaTarget[] }> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: two timers of one ticket run one after the other (SQLite writers are serial).
    let query = trx.selectFrom('ticket_sla').selectAll().where('ticket_id', '=', ticketId);
    if (dialectOf(trx) === 'postgres') query = query.forUpdate();
    const state = (await query.executeTakeFirst()) as ClockState | undefined;
    if (!state) return { warnings: [], breaches: [] };
    const at = now.toISOString();
    const found = dueChecks(state, at);
    if (found.warnings.length === 0 && found.breaches.length === 0) return found;

    const flags: Partial<Record<`${SlaTarget}_warned` | `${SlaTarget}_breached`, number>> = {};
    for (const target of [...found.warnings, ...found.breaches]) flags[`${target}_warned`] = 1;
    for (const target of found.breaches) flags[`${target}_breached`] = 1;
    await trx.updateTable('ticket_sla').set(flags).where('ticket_id', '=', ticketId).execute();
    if (found.breaches.length > 0) {
      await trx
        .insertInto('sla_breaches')
        .values(found.breaches.map((target) => ({ ticket_id: ticketId, policy_id: state.policy_id, target, due_at: dueAtOf(state, target), breached_at: at })))
        .onConflict((oc) => oc.columns(['ticket_id', 'target', 'due_at']).doNothing())
        .execute();
    }
    const event = (type: keyof SlaEventPayloads, target: SlaTarget) => ({
      type,
      aggregateId: ticketId,
      actorId: null,
      payload: { target, dueAt: dueAtOf(state, target), policyId: state.policy_id } satisfies SlaEventPayloads[typeof type],
    });
    await recordEvents(trx, [...found.warnings.map((t) => event('sla.warning', t)), ...found.breaches.map((t) => event('sla.breached', t))]);

    if (found.breaches.length > 0) {
      const policy = await trx.selectFrom('sla_policies').selectAll().where('id', '=', state.policy_id).executeTakeFirstOrThrow();
      await runBreachActions(
        trx as Transaction<Database>,
        ticketId,
        policy as PolicyRow,
        found.breaches.map((t) => ({ target: t, dueAt: dueAtOf(state, t) })),
      );
    }
    return found;
  });
}

/** The job handler; `now` is injectable for tests (the worker uses the real clock). */
export function checkSlaClockHandler(now: () => Date = () => new Date()): JobHandler {
  return async (payload, { db }) => {
    await checkSlaClock(db, payloadSchema.parse(payload).ticketId, now());
  };
}
