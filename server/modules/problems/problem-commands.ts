import type { Db, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { recordHistory } from '../tickets/ticket-history.ts';
import { visibleTickets } from '../tickets/tickets.policy.ts';
import type { CreateProblemBody, UpdateProblemBody } from '../../../shared/contracts/problems.ts';
import { problemEvent, type ProblemFieldChange } from './problem-events.ts';
import { problemRow, type ProblemRow } from './problems.queries.ts';

/**
 * The problem commands: each validates, writes the change and records its domain event in one
 * transaction. Linking a ticket writes problem_tickets (never the tickets table: a link is no
 * ticket field and leaves the ticket's version alone) and an internal entry in the ticket's
 * history through `recordHistory`, as the ratings do, so the ticket's Verlauf shows it to
 * agents and never to requesters.
 */
export async function createProblem(db: Db, actor: Actor, input: CreateProblemBody): Promise<number> {
  return inTransaction(db, async (trx) => {
    const owner = await checkedOwner(trx, input.ownerGroupId ?? null, input.ownerId ?? null);
    const now = nowIso();
    const row = await trx
      .insertInto('problems')
      .values({
        title: input.title,
        description: input.description ?? '',
        owner_group_id: owner.groupId,
        owner_id: owner.userId,
        created_by: actor.id,
        resolved_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const linked = await linkChecked(trx, actor, row.id, input.ticketIds ?? [], now);
    await recordEvents(trx, [problemEvent('problem.created', row.id, actor.id, { title: input.title, ticketIds: linked })]);
    return row.id;
  });
}

const FIELDS: Array<[ProblemFieldChange['field'], keyof ProblemRow]> = [
  ['title', 'title'],
  ['description', 'description'],
  ['status', 'status'],
  ['rootCause', 'root_cause'],
  ['workaround', 'workaround'],
  ['ownerGroupId', 'owner_group_id'],
  ['ownerId', 'owner_id'],
];

/** Optimistic locking like tickets: the version must match, checked in the update statement itself. */
export async function updateProblem(db: Db, actor: Actor, id: number, input: UpdateProblemBody): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await problemRow(trx, id);
    if (current.version !== input.version) throw stale(current);
    const owner = await checkedOwner(trx, input.ownerGroupId !== undefined ? input.ownerGroupId : current.owner_group_id, input.ownerId !== undefined ? input.ownerId : current.owner_id);
    const next: ProblemRow = {
      ...current,
      title: input.title ?? current.title,
      description: input.description ?? current.description,
      status: input.status ?? current.status,
      root_cause: input.rootCause ?? current.root_cause,
      workaround: input.workaround ?? current.workaround,
      owner_group_id: owner.groupId,
      owner_id: owner.userId,
    };
    if (next.status === 'known_error' && current.status !== 'known_error') await checkKnownError(trx, next);
    const changes: ProblemFieldChange[] = FIELDS.filter(([, column]) => next[column] !== current[column]).map(([field, column]) => ({
      field,
      from: current[column] === null ? null : String(current[column]),
      to: next[column] === null ? null : String(next[column]),
    }));
    if (changes.length === 0) return;
    const now = nowIso();
    const resolvedAt = next.status === 'resolved' && current.status !== 'resolved' ? now : next.status === 'open' || next.status === 'known_error' ? null : current.resolved_at;
    const updated = await trx
      .updateTable('problems')
      .set({
        title: next.title,
        description: next.description,
        status: next.status,
        root_cause: next.root_cause,
        workaround: next.workaround,
        owner_group_id: next.owner_group_id,
        owner_id: next.owner_id,
        resolved_at: resolvedAt,
        version: current.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw stale(await problemRow(trx, id));
    await recordEvents(trx, [problemEvent('problem.changed', id, actor.id, { changes })]);
  });
}

export async function linkTickets(db: Db, actor: Actor, id: number, ticketIds: number[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockProblem(trx, id);
    const now = nowIso();
    const linked = await linkChecked(trx, actor, id, ticketIds, now);
    if (linked.length === 0) return;
    await touch(trx, id, now);
    await recordEvents(trx, [problemEvent('problem.tickets_linked', id, actor.id, { ticketIds: linked })]);
  });
}

export async function unlinkTicket(db: Db, actor: Actor, id: number, ticketId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockProblem(trx, id);
    const ticket = await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).where(visibleTickets(actor)).executeTakeFirst();
    const link = await trx.selectFrom('problem_tickets').select('ticket_id').where('problem_id', '=', id).where('ticket_id', '=', ticketId).executeTakeFirst();
    if (!ticket || !link) throw notFound(`Ticket #${ticketId} of problem P-${id}`);
    await trx.deleteFrom('problem_tickets').where('ticket_id', '=', ticketId).execute();
    const now = nowIso();
    await touch(trx, id, now);
    await recordHistory(trx, [{ ticketId, actorId: actor.id, kind: 'changed', field: 'problem', oldValue: String(id), newValue: null, internal: true, at: now }]);
    await recordEvents(trx, [problemEvent('problem.ticket_unlinked', id, actor.id, { ticketId })]);
  });
}

/**
 * Links the tickets the actor may see; a ticket already on this problem is skipped, one on
 * another problem is a 409 naming it, an unknown or hidden one a 400 naming it. Returns the
 * ids newly linked.
 */
async function linkChecked(trx: Executor, actor: Actor, problemId: number, wanted: number[], now: string): Promise<number[]> {
  const ids = [...new Set(wanted)];
  if (ids.length === 0) return [];
  const visible = new Set((await trx.selectFrom('tickets').select('id').where('id', 'in', ids).where(visibleTickets(actor)).execute()).map((r) => r.id));
  const missing = ids.filter((i) => !visible.has(i));
  if (missing.length > 0) {
    const list = missing.map((i) => `#${i}`).join(', ');
    throw invalid(`${missing.length === 1 ? 'Ticket' : 'Tickets'} ${list} ${missing.length === 1 ? 'does' : 'do'} not exist or you cannot see ${missing.length === 1 ? 'it' : 'them'}.`, {
      ticketIds: `Unknown: ${list}.`,
    });
  }
  const taken = await trx
    .selectFrom('problem_tickets')
    .innerJoin('problems', 'problems.id', 'problem_tickets.problem_id')
    .select(['problem_tickets.ticket_id', 'problems.id', 'problems.title'])
    .where('problem_tickets.ticket_id', 'in', ids)
    .execute();
  const elsewhere = taken.filter((r) => r.id !== problemId);
  if (elsewhere.length > 0) {
    const first = elsewhere[0]!;
    throw new AppError('conflict', `Ticket #${first.ticket_id} already belongs to problem P-${first.id} "${first.title}". Unlink it there first.`, {
      fields: { ticketIds: `#${first.ticket_id} belongs to P-${first.id}.` },
      details: { problemId: first.id },
    });
  }
  const already = new Set(taken.map((r) => r.ticket_id));
  const fresh = ids.filter((i) => !already.has(i));
  if (fresh.length === 0) return [];
  // A concurrent link of the same ticket (to another problem) wins the key: then this one is a 409.
  const inserted = await trx
    .insertInto('problem_tickets')
    .values(fresh.map((ticketId) => ({ ticket_id: ticketId, problem_id: problemId, linked_by: actor.id, created_at: now })))
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .returning('ticket_id')
    .execute();
  if (inserted.length !== fresh.length) throw new AppError('conflict', 'Some of these tickets were just linked to another problem. Reload and try again.');
  await recordHistory(
    trx,
    fresh.map((ticketId) => ({ ticketId, actorId: actor.id, kind: 'changed' as const, field: 'problem', oldValue: null, newValue: String(problemId), internal: true, at: now })),
  );
  return fresh;
}

/** Serialises link changes of one problem (PostgreSQL; SQLite write transactions are exclusive anyway). */
async function lockProblem(trx: Executor, id: number): Promise<void> {
  const row = await trx
    .selectFrom('problems')
    .select('id')
    .where('id', '=', id)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound(`Problem P-${id}`);
}

async function touch(trx: Executor, id: number, now: string): Promise<void> {
  await trx.updateTable('problems').set({ updated_at: now }).where('id', '=', id).execute();
}

async function checkedOwner(trx: Executor, groupId: number | null, userId: number | null): Promise<{ groupId: number | null; userId: number | null }> {
  if (groupId !== null && !(await trx.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst())) {
    throw invalid('There is no such group.', { ownerGroupId: 'Unknown group.' });
  }
  if (userId !== null) {
    const user = await trx.selectFrom('users').select(['role', 'active']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.role === 'customer' || !user.active) throw invalid('The owner must be an active agent or administrator.', { ownerId: 'Not an active agent.' });
  }
  return { groupId, userId };
}

/** A known error: the root cause is known and a workaround exists (as text or as an article). */
async function checkKnownError(trx: Executor, next: ProblemRow): Promise<void> {
  const fields: Record<string, string> = {};
  if (!next.root_cause.trim()) fields.rootCause = 'Describe the root cause.';
  if (!next.workaround.trim()) {
    const article = await trx.selectFrom('kb_articles').select('id').where('solution_problem_id', '=', next.id).where('solution_kind', 'is not', null).executeTakeFirst();
    if (!article) fields.workaround = 'Describe the workaround or mark an article as this problem’s workaround.';
  }
  if (Object.keys(fields).length > 0) throw invalid('A known error needs its root cause and a workaround.', fields);
}

function stale(current: ProblemRow): AppError {
  return new AppError('stale_version', `Problem P-${current.id} was changed by someone else in the meantime. Review the current state and try again.`, {
    details: { current: { id: current.id, version: current.version } },
  });
}
