import type { Transaction } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { scopeOf, ticketEvent } from './ticket-events.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { appendToTicketIndex } from './ticket-index.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { recordHistory } from './ticket-history.ts';
import { visibleTickets, worksOn } from './tickets.policy.ts';
import { loadTicket, loadVisibleTicket } from './tickets.queries.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';

function mergeNote(actor: Actor, source: TicketDto): string {
  return actor.locale === 'en'
    ? `Ticket #${source.id} "${source.subject}" (from ${source.requester.name}) was merged into this ticket; its messages are now here.`
    : `Ticket #${source.id} „${source.subject}“ (von ${source.requester.name}) wurde in dieses Ticket zusammengeführt; seine Nachrichten stehen jetzt hier.`;
}

/**
 * Two merges that share a ticket must run one after the other, or A→B and B→A both pass
 * their checks (a cycle that strands both conversations) and deadlock on the rows they
 * update. PostgreSQL: lock both ticket rows, lowest id first, so every merge takes them in
 * the same order. SQLite: every write transaction already begins with the write lock
 * (BEGIN IMMEDIATE, see platform/db/database.ts), which serialises merges across processes.
 */
async function lockBothTickets(trx: Transaction<Database>, sourceId: number, targetId: number): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  const ids = [sourceId, targetId].sort((a, b) => a - b);
  await trx.selectFrom('tickets').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/**
 * Merges a duplicate (source) into the ticket that carries on (target), in one transaction:
 * the source's messages and attachments move to the target (ids keep them in time order),
 * the source is closed with a link to the target, both histories record it, the target gets
 * an internal note, and the target's search index learns the moved text.
 * When the two tickets have different requesters, the moved replies become internal so that
 * one requester never reads what another wrote.
 */
export async function mergeTickets(db: Db, actor: Actor, sourceId: number, targetId: number): Promise<{ source: TicketDto; target: TicketDto }> {
  if (sourceId === targetId) throw new AppError('conflict', 'A ticket cannot be merged into itself.');
  return inTransaction(db, async (trx) => {
    await lockBothTickets(trx, sourceId, targetId);
    // Read after the lock: a merge of either ticket that committed meanwhile is seen here.
    const source = await loadVisibleTicket(trx, actor, sourceId);
    const target = await loadVisibleTicket(trx, actor, targetId);
    const followed = [source, target].find((t) => !worksOn(actor, t));
    if (followed) throw new AppError('forbidden', `Ticket #${followed.id} is with ${followed.group.name}: only its agents and administrators may merge it.`);
    const mdb = trx;
    const merged = await mdb.selectFrom('ticket_merges').select(['source_id', 'target_id']).where('source_id', 'in', [sourceId, targetId]).execute();
    if (merged.some((m) => m.source_id === sourceId)) throw new AppError('conflict', `Ticket #${sourceId} was merged already.`);
    if (merged.some((m) => m.source_id === targetId)) throw new AppError('conflict', `Ticket #${targetId} was merged into another ticket; merge into that one instead.`);

    const now = nowIso();
    const sameRequester = source.requester.id === target.requester.id;
    const moved = await trx.selectFrom('messages').select(['body', 'internal']).where('ticket_id', '=', sourceId).orderBy('id').execute();
    await trx
      .updateTable('messages')
      .set({ ticket_id: targetId, ...(sameRequester ? {} : { internal: 1 }) })
      .where('ticket_id', '=', sourceId)
      .execute();
    await trx.updateTable('attachments').set({ ticket_id: targetId }).where('ticket_id', '=', sourceId).execute();
    try {
      await mdb.insertInto('ticket_merges').values({ source_id: sourceId, target_id: targetId, actor_id: actor.id, created_at: now }).execute();
    } catch (error) {
      // Two agents merging the same duplicate at once: the second one loses.
      if (isUniqueViolation(error)) throw new AppError('conflict', `Ticket #${sourceId} was merged already.`);
      throw error;
    }

    const note = await trx
      .insertInto('messages')
      .values({ ticket_id: targetId, author_id: actor.id, internal: 1, body: mergeNote(actor, source), body_html: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();

    const closeSource = source.status === 'closed' ? {} : { status: 'closed', closed_at: now, pending_until: null };
    await trx
      .updateTable('tickets')
      .set({ ...closeSource, updated_at: now, version: source.version + 1 })
      .where('id', '=', sourceId)
      .execute();
    await trx
      .updateTable('tickets')
      .set({ updated_at: now, version: target.version + 1 })
      .where('id', '=', targetId)
      .execute();
    await recordHistory(trx, [
      { ticketId: sourceId, actorId: actor.id, kind: 'merged', field: 'merged_into', newValue: String(targetId), at: now },
      ...(source.status === 'closed' ? [] : [{ ticketId: sourceId, actorId: actor.id, kind: 'changed' as const, field: 'status', oldValue: source.status, newValue: 'closed', at: now }]),
      { ticketId: targetId, actorId: actor.id, kind: 'merged', field: 'merged_from', newValue: String(sourceId), internal: !sameRequester, at: now },
      { ticketId: targetId, actorId: actor.id, kind: 'note', newValue: String(note.id), internal: true, at: now },
    ]);

    const publicText = sameRequester ? moved.filter((m) => m.internal === 0).map((m) => m.body) : [];
    const internalText = moved.filter((m) => !sameRequester || m.internal === 1).map((m) => m.body);
    await appendToTicketIndex(trx, targetId, [source.subject, ...publicText].join('\n'), !sameRequester);
    if (internalText.length > 0) await appendToTicketIndex(trx, targetId, internalText.join('\n'), true);

    const after = { source: await loadTicket(trx, sourceId), target: await loadTicket(trx, targetId) };
    await recordEvents(trx, [ticketEvent('ticket.merged', sourceId, actor.id, { scope: scopeOf(after.source), targetId, targetScope: scopeOf(after.target) })]);
    return after;
  });
}

/** Merge links of a ticket: where it went, and what came in (only tickets the actor may see). */
export async function ticketLinks(db: Executor, actor: Actor, ticketId: number): Promise<{ mergedInto: number | null; mergedFrom: number[] }> {
  const mdb = db;
  const into = await mdb.selectFrom('ticket_merges').select('target_id').where('source_id', '=', ticketId).executeTakeFirst();
  const sources = await mdb.selectFrom('ticket_merges').select('source_id').where('target_id', '=', ticketId).execute();
  const from = sources.length
    ? await db
        .selectFrom('tickets')
        .select('tickets.id')
        .where(
          'tickets.id',
          'in',
          sources.map((r) => r.source_id),
        )
        .where(visibleTickets(actor))
        .orderBy('tickets.id')
        .execute()
    : [];
  return { mergedInto: into?.target_id ?? null, mergedFrom: from.map((r) => r.id) };
}

/** The ticket a merged ticket was merged into, if it was. */
export async function mergedInto(db: Executor, ticketId: number): Promise<number | undefined> {
  const row = await db.selectFrom('ticket_merges').select('target_id').where('source_id', '=', ticketId).executeTakeFirst();
  return row?.target_id;
}
