import type { Executor } from '../../platform/db/database.ts';

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
  await db
    .insertInto('ticket_events')
    .values(
      entries.map((e) => ({
        ticket_id: e.ticketId,
        actor_id: e.actorId,
        kind: e.kind,
        field: e.field ?? null,
        old_value: e.oldValue ?? null,
        new_value: e.newValue ?? null,
        internal: e.internal ? 1 : 0,
        reason: e.reason ?? null,
        created_at: e.at,
      })),
    )
    .execute();
}
