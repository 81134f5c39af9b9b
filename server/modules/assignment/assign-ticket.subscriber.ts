import type { Executor } from '../../platform/db/database.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import { systemActor } from '../users/system-actor.ts';
import { ASSIGNMENT_MODES, type AssignmentMode, AUTO_ASSIGNMENT_REASONS } from '../../../shared/enums.ts';
import { pickAssignee } from './pick-assignee.ts';

/** The user automatic assignment acts as (users/system-actor.ts): the history names it. */
export const ASSIGNMENT_ACTOR = { email: 'assignment@anlauf.invalid', name: 'Automatic assignment' } as const;

/** Whether the event put the ticket into a group (created there, escalated, handed back, moved). */
function landedInGroup(stored: StoredEvent): boolean {
  const event = asTicketEvent(stored);
  switch (event.type) {
    case 'ticket.created':
    case 'ticket.escalated':
    case 'ticket.handed_back':
      return true;
    case 'ticket.changed':
      return event.payload.changes.some((c) => c.field === 'group');
    case 'message.added':
    case 'ticket.merged':
    case 'ticket.rated':
    case 'ticket.supervisors_notified':
      return false;
  }
}

const isMode = (value: string): value is AssignmentMode => (ASSIGNMENT_MODES as readonly string[]).includes(value);

/**
 * A ticket that lands in a group without an assignee gets one when the group assigns
 * automatically: through `updateTicket` with the assignment's own actor (history, events and
 * the assignee rules hold as for a person) and in the subscriber's transaction, so the
 * rotation moves exactly once per assignment. The ticket as it is now decides: one that was
 * assigned, moved on, resolved or closed in the meantime is left alone.
 */
export async function assignLandedTicket(db: Executor, stored: StoredEvent): Promise<void> {
  if (stored.aggregateId === null || !landedInGroup(stored)) return;
  // One small read decides for most tickets (their group does not assign automatically).
  const ticket = await db
    .selectFrom('tickets')
    .innerJoin('groups', 'groups.id', 'tickets.group_id')
    .select(['tickets.id', 'tickets.status', 'tickets.assignee_id', 'tickets.version', 'tickets.group_id', 'groups.assignment_mode'])
    .where('tickets.id', '=', stored.aggregateId)
    .executeTakeFirst();
  if (!ticket || ticket.assignee_id !== null || ticket.status === 'resolved' || ticket.status === 'closed') return;
  const mode = ticket.assignment_mode;
  if (!isMode(mode) || mode === 'off') return;
  const assigneeId = await pickAssignee(db, ticket.group_id, mode);
  if (assigneeId === undefined) return;
  const actor = await systemActor(db, ASSIGNMENT_ACTOR);
  await updateTicket(db, actor, ticket.id, { version: ticket.version, assigneeId }, 'api', { reason: AUTO_ASSIGNMENT_REASONS[mode] });
}

/**
 * The tickets among `ids` that may get an assignee now (none, in most chunks), in one read: a
 * chunk's events are checked together before assignLandedTicket looks at each candidate again.
 */
async function candidates(db: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  // Only the ids narrow the read, so that the planner looks the tickets up by id: with the
  // conditions in SQL, SQLite walked every ticket of the (one) group that assigns (1 ms per
  // chunk at 40,000 tickets, growing with them).
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('groups', 'groups.id', 'tickets.group_id')
    .select(['tickets.id', 'tickets.status', 'tickets.assignee_id', 'groups.assignment_mode'])
    .where('tickets.id', 'in', ids)
    .execute();
  return new Set(rows.filter((r) => r.assignee_id === null && r.status !== 'resolved' && r.status !== 'closed' && r.assignment_mode !== 'off').map((r) => r.id));
}

/** Registered in ops/event-subscribers.ts; starts with new events (old tickets are not assigned after the fact). */
export function assignmentSubscriber(): Subscriber {
  return {
    name: 'auto-assignment',
    events: ['ticket.created', 'ticket.escalated', 'ticket.handed_back', 'ticket.changed'],
    startAt: 'now',
    handle: (event, { db }) => assignLandedTicket(db, event),
    handleBatch: async (events, { db }) => {
      const landed = events.filter((e) => e.aggregateId !== null && landedInGroup(e));
      const open = await candidates(db, [...new Set(landed.map((e) => e.aggregateId!))]);
      // In order: an assignment made for one event leaves the ticket assigned for the next.
      for (const event of landed) if (open.has(event.aggregateId!)) await assignLandedTicket(db, event);
    },
    // No group assigns by itself: no transaction.
    nothingToDo: async (_events, { db }) => (await db.selectFrom('groups').select('id').where('assignment_mode', '!=', 'off').limit(1).execute()).length === 0,
  };
}
