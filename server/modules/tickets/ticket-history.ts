import type { Insertable } from 'kysely';
import type { TicketEventsTable } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { sendWrite } from '../../platform/db/send-write.ts';

export interface HistoryEntry {
  ticketId: number;
  actorId: number | null;
  kind: 'created' | 'changed' | 'message' | 'note' | 'attachment' | 'merged' | 'linked' | 'escalated' | 'handed_back' | 'supervisors_notified';
  field?: string;
  oldValue?: string | null;
  newValue?: string | null;
  /** Requesters do not see internal entries. */
  internal?: boolean;
  /** Why (escalations, hand-backs, calls to supervisors). */
  reason?: string;
  at: string;
}

/** Appends to the ticket's history. History is never updated or deleted. */
export async function recordHistory(db: Executor, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    ticket_id: e.ticketId,
    actor_id: e.actorId,
    kind: e.kind,
    field: e.field ?? null,
    old_value: e.oldValue ?? null,
    new_value: e.newValue ?? null,
    internal: e.internal ? 1 : 0,
    reason: e.reason ?? null,
    created_at: e.at,
  }));
  // One entry (the common case) as a prepared statement; a list makes a statement per count.
  // Nothing reads the entries back in the transaction: sent without waiting (send-write.ts).
  if (rows.length === 1) await insertEntry.send(db, rows[0]!);
  else await sendWrite(db, db.insertInto('ticket_events').values(rows).compile());
}

/** Every column given (the prepared statement has one shape). */
type EntryInsert = Required<Omit<Insertable<TicketEventsTable>, 'id'>>;

const insertEntry = prepared((db, p: EntryInsert) =>
  db.insertInto('ticket_events').values({
    ticket_id: p.ticket_id,
    actor_id: p.actor_id,
    kind: p.kind,
    field: p.field,
    old_value: p.old_value,
    new_value: p.new_value,
    internal: p.internal,
    reason: p.reason,
    created_at: p.created_at,
  }),
);
