import type { MessageDto as Message } from '../../../../shared/contracts/messages.ts';
import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';

export type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'history'; at: string; events: HistoryEvent[] } | { kind: 'escalation'; at: string; event: HistoryEvent };

/** Escalations, hand-backs and calls to supervisors stand on their own line, with their reason. */
export const ESCALATION_KINDS = new Set(['escalated', 'handed_back', 'supervisors_notified']);

/** Messages in order, with runs of history events between them folded into one line each. */
export function buildTimeline(messages: Message[], history: HistoryEvent[]): Entry[] {
  const items: Array<{ at: string; message?: Message; event?: HistoryEvent }> = [
    ...messages.map((message) => ({ at: message.createdAt, message })),
    ...history.filter((e) => e.kind !== 'created' && e.kind !== 'message').map((event) => ({ at: event.createdAt, event })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const entries: Entry[] = [];
  for (const item of items) {
    if (item.message) entries.push({ kind: 'message', at: item.at, message: item.message });
    else if (item.event && ESCALATION_KINDS.has(item.event.kind)) entries.push({ kind: 'escalation', at: item.at, event: item.event });
    else if (item.event) {
      const last = entries[entries.length - 1];
      if (last?.kind === 'history') last.events.push(item.event);
      else entries.push({ kind: 'history', at: item.at, events: [item.event] });
    }
  }
  return entries;
}
