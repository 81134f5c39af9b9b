import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import type { Actor } from '../auth/auth.queries.ts';
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
 * Tickets close in transactions of this many. One transaction for the whole run (500 tickets,
 * some 0.5 s) held SQLite's writer from every request for that long, and on PostgreSQL it held
 * back the delivery of every event committed meanwhile (events are read only from transactions
 * older than every running one).
 */
const CLOSE_CHUNK = 25;

/**
 * One run of the time rules for `slot` at `now` (the job passes the real clock, tests any
 * instant): resolved tickets whose resolution is older than the configured days are closed
 * through updateTicket as the automation's user, so history, events and notifications hold.
 * The run first claims the slot (automation_runs) in a transaction of its own, so when several
 * workers enqueue the same slot only one of them closes anything; then it closes the due tickets
 * in short transactions, each ticket checked again there, so one reopened or changed meanwhile is
 * left alone. Each of them adds its tickets to the run's `closed` count, so a run stopped
 * half-way says what it closed, and leaves the rest to the next slot. The run that claims a slot
 * also prunes the runs older than RUNS_KEPT_DAYS (a handful of rows every ten minutes, never a
 * big delete). Returns how many tickets it closed (undefined: the slot ran before).
 */
export async function runTimeRules(db: Db, slot: string, now: Date): Promise<number | undefined> {
  const claim = await inTransaction(db, async (trx) => {
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
    if (!rules.autoClose.enabled) return { before: '', due: [] };
    const before = new Date(now.getTime() - rules.autoClose.days * 86_400_000).toISOString();
    const due = await trx.selectFrom('tickets').select('id').where('status', '=', 'resolved').where('resolved_at', '<=', before).orderBy('resolved_at').limit(CLOSE_BATCH).execute();
    return { before, due: due.map((row) => row.id) };
  });
  if (!claim) return undefined;
  if (claim.due.length === 0) return 0;
  const actor = await automationActor(db);
  let closed = 0;
  for (let at = 0; at < claim.due.length; at += CLOSE_CHUNK) {
    closed += await closeIdle(db, actor, slot, claim.due.slice(at, at + CLOSE_CHUNK), claim.before);
  }
  return closed;
}

/**
 * Closes those of `ids` that are still resolved since `before` or earlier, in one transaction
 * that also counts them for the run of `slot`; returns how many.
 */
export async function closeIdle(db: Db, actor: Actor, slot: string, ids: number[], before: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const idle = await trx.selectFrom('tickets').select(['id', 'version']).where('id', 'in', ids).where('status', '=', 'resolved').where('resolved_at', '<=', before).execute();
    let closed = 0;
    for (const { id, version } of idle) {
      try {
        await updateTicket(trx, actor, id, { version, status: 'closed' }, 'api');
        closed += 1;
      } catch (error) {
        // Changed by someone in the meantime (PostgreSQL): it is not resolved-and-idle any more.
        if (!(error instanceof AppError && (error.code === 'stale_version' || error.code === 'conflict'))) throw error;
      }
    }
    if (closed > 0)
      await trx
        .updateTable('automation_runs')
        .set({ closed: sql<number>`closed + ${closed}` })
        .where('slot', '=', slot)
        .execute();
    return closed;
  });
}
