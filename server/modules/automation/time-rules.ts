import type { Db, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
import type { UpdateTimeRulesBody } from '../../../shared/contracts/automation.ts';
import { automationActor } from './automation-actor.ts';

export interface TimeRules {
  autoClose: { enabled: boolean; days: number };
}

/** Until an admin saves them: resolved tickets close after 7 days, as most helpdesks do. */
export const DEFAULT_TIME_RULES: TimeRules = { autoClose: { enabled: true, days: 7 } };

export async function loadTimeRules(db: Executor): Promise<TimeRules> {
  const row = await db.selectFrom('automation_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? { autoClose: { enabled: row.auto_close_enabled === 1, days: row.auto_close_days } } : DEFAULT_TIME_RULES;
}

export async function saveTimeRules(db: Executor, input: UpdateTimeRulesBody): Promise<TimeRules> {
  const values = { auto_close_enabled: input.autoClose.enabled ? 1 : 0, auto_close_days: input.autoClose.days, updated_at: nowIso() };
  await db
    .insertInto('automation_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return loadTimeRules(db);
}

/** Runs of the time rules are kept this long (they say what closed when), then pruned. */
export const RUNS_KEPT_DAYS = 30;

/** At most this many tickets close in one run; the next run takes the rest. */
const CLOSE_BATCH = 500;

/**
 * One run of the time rules for `slot` at `now` (the job passes the real clock, tests any
 * instant): resolved tickets whose resolution is older than the configured days are closed
 * through updateTicket as the automation's user, so history, events and notifications hold.
 * The slot is claimed in the same transaction (automation_runs), so when several workers
 * enqueue the same slot only one of them closes anything; a ticket already closed or changed
 * meanwhile is left alone. The run that claims a slot also prunes the runs older than
 * RUNS_KEPT_DAYS (a handful of rows every ten minutes, never a big delete). Returns how many
 * tickets it closed (undefined: the slot ran before).
 */
export async function runTimeRules(db: Db, slot: string, now: Date): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('automation_runs')
      .values({ slot, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('slot').doNothing())
      .returning('slot')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const keptSince = new Date(now.getTime() - RUNS_KEPT_DAYS * 86_400_000).toISOString();
    await trx.deleteFrom('automation_runs').where('created_at', '<', keptSince).execute();
    const rules = await loadTimeRules(trx);
    if (!rules.autoClose.enabled) return 0;
    const before = new Date(now.getTime() - rules.autoClose.days * 86_400_000).toISOString();
    const due = await trx.selectFrom('tickets').select('id').where('status', '=', 'resolved').where('resolved_at', '<=', before).orderBy('resolved_at').limit(CLOSE_BATCH).execute();
    if (due.length === 0) return 0;
    const actor = await automationActor(trx);
    let closed = 0;
    for (const { id } of due) {
      const ticket = await loadTicket(trx, id);
      try {
        await updateTicket(trx, actor, id, { version: ticket.version, status: 'closed' }, 'api');
        closed += 1;
      } catch (error) {
        // Changed by someone in the meantime (PostgreSQL): it is not resolved-and-idle any more.
        if (!(error instanceof AppError && (error.code === 'stale_version' || error.code === 'conflict'))) throw error;
      }
    }
    await trx.updateTable('automation_runs').set({ closed }).where('slot', '=', slot).execute();
    return closed;
  });
}
