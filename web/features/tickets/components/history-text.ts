import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';
import { AUTO_ASSIGNMENT_REASONS, PENDING_REMINDER_REASON } from '../../../../shared/enums.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The server names what ids stand for (oldLabel/newLabel); statuses and priorities are words of ours; times are the reader's. */
function valueLabel(field: string, value: string | null, label: string | null, t: Translate, formatTime?: (iso: string) => string): string {
  if (value === null || value === '') return '—';
  if (field === 'pendingUntil' && formatTime) return formatTime(value);
  if (field === 'status' || field === 'priority') return t(`${field}.${value}`, { defaultValue: value });
  return label ?? value;
}

/** One history entry as a sentence: "hat Gruppe von Service Desk auf Netzwerk geändert". */
export function historyText(e: HistoryEvent, t: Translate, formatTime?: (iso: string) => string): string {
  const to = valueLabel(e.field ?? '', e.newValue, e.newLabel, t, formatTime);
  const from = valueLabel(e.field ?? '', e.oldValue, e.oldLabel, t, formatTime);
  if (e.field === 'merged_into') return t('history.mergedInto', { to });
  if (e.field === 'merged_from') return t('history.mergedFrom', { from: to });
  if (e.kind === 'linked') return t('history.linked', { to });
  // Linked to a problem or unlinked (modules/problems; agents only).
  if (e.field === 'problem') return e.newValue ? t('problems.history.linked', { to }) : t('problems.history.unlinked', { from });
  if (e.kind === 'created' || !e.field) return t('history.created');
  const automatic = Object.entries(AUTO_ASSIGNMENT_REASONS).find(([, reason]) => reason === e.reason)?.[0];
  if (e.field === 'assignee' && automatic) return `${t(`assignment.history.${automatic}`)}: ${to}`;
  if (e.reason === PENDING_REMINDER_REASON && e.field === 'status') return t('pendingCaller.historyReopened', { from, to });
  const field = t(`fields.${e.field}`, { defaultValue: e.field });
  if (e.oldValue === null || e.oldValue === '') return t('history.set', { field, to });
  if (e.newValue === null || e.newValue === '') return t('history.cleared', { field, from });
  return t('ticket.changed', { field, from, to });
}
