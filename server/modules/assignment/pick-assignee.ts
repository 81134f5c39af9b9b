import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { AssignmentMode } from '../../../shared/enums.ts';

/** Statuses that count as work on an agent's desk for "least loaded". */
const OPEN_WORK = ['new', 'open', 'pending'];

/** The group's members who may get tickets automatically: active agents and admins not marked away, by id. */
export async function availableAgents(db: Executor, groupId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select('users.id')
    .where('group_members.group_id', '=', groupId)
    .where('users.active', '=', 1)
    .where('users.away', '=', 0)
    .where('users.role', 'in', ['agent', 'admin'])
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The candidates in turn order: those after the last one who got a ticket first, then from the start. */
export function inTurn(candidates: number[], lastUserId: number | null): number[] {
  if (lastUserId === null) return candidates;
  const next = candidates.findIndex((id) => id > lastUserId);
  return next <= 0 ? candidates : [...candidates.slice(next), ...candidates.slice(0, next)];
}

/**
 * Chooses who gets a group's ticket and moves the group's rotation to them, in the caller's
 * transaction. The rotation row is locked first (PostgreSQL; SQLite writers are serialised by
 * the immediate transaction), so two assignments never read the same turn.
 * - round_robin: the next available agent after the one who got the last ticket;
 * - least_loaded: the available agent with the fewest new, open and pending tickets; among
 *   equals the next in turn, so ties are shared fairly too.
 * Undefined when nobody is available: the ticket stays unassigned.
 */
export async function pickAssignee(db: Executor, groupId: number, mode: Exclude<AssignmentMode, 'off'>): Promise<number | undefined> {
  const now = nowIso();
  await db
    .insertInto('assignment_rotation')
    .values({ group_id: groupId, last_user_id: null, updated_at: now })
    .onConflict((oc) => oc.column('group_id').doNothing())
    .execute();
  let rotation = db.selectFrom('assignment_rotation').select('last_user_id').where('group_id', '=', groupId);
  if (dialectOf(db) === 'postgres') rotation = rotation.forUpdate();
  const { last_user_id: lastUserId } = await rotation.executeTakeFirstOrThrow();

  const candidates = inTurn(await availableAgents(db, groupId), lastUserId);
  if (candidates.length === 0) return undefined;
  let chosen = candidates[0]!;
  if (mode === 'least_loaded') {
    const loads = await db
      .selectFrom('tickets')
      .select(['assignee_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('assignee_id', 'in', candidates)
      .where('status', 'in', OPEN_WORK)
      .groupBy('assignee_id')
      .execute();
    const load = new Map(loads.map((r) => [r.assignee_id, Number(r.n)]));
    // Candidates are in turn order, so the first with the lowest load wins ties fairly.
    for (const id of candidates) if ((load.get(id) ?? 0) < (load.get(chosen) ?? 0)) chosen = id;
  }
  await db.updateTable('assignment_rotation').set({ last_user_id: chosen, updated_at: now }).where('group_id', '=', groupId).execute();
  return chosen;
}
