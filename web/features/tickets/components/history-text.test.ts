import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../../i18n/de.ts';
import { en } from '../../../i18n/en.ts';
import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';
import { historyText } from './history-text.ts';
import { PENDING_REMINDER_REASON } from '../../../../shared/enums.ts';

const entry = (e: Partial<HistoryEvent>): HistoryEvent => ({
  id: 1,
  kind: 'changed',
  field: null,
  oldValue: null,
  newValue: null,
  oldLabel: null,
  newLabel: null,
  reason: null,
  actor: null,
  createdAt: '2026-01-01T10:00:00Z',
  ...e,
});

describe('history entries in words', () => {
  beforeAll(async () => {
    await i18next.init({ resources: { de: { translation: de }, en: { translation: en } }, lng: 'de', interpolation: { escapeValue: false } });
  });

  it('shows names instead of ids and a merge by ticket number, in German and English', () => {
    const group = entry({ field: 'group', oldValue: '1', newValue: '2', oldLabel: 'Service Desk', newLabel: 'Netzwerk' });
    const merged = entry({ kind: 'merged', field: 'merged_into', newValue: '489', newLabel: '#489' });
    const de = i18next.getFixedT('de');
    expect(historyText(group, de)).toBe('hat Gruppe von Service Desk auf Netzwerk geändert');
    expect(historyText(merged, de)).toBe('hat dieses Ticket mit #489 zusammengeführt');
    expect(historyText(entry({ field: 'assignee', newValue: '7', newLabel: 'Nils Netzwerk' }), de)).toBe('hat Bearbeiter/in auf Nils Netzwerk gesetzt');
    const en = i18next.getFixedT('en');
    expect(historyText(group, en)).toBe('changed group from Service Desk to Netzwerk');
    expect(historyText(merged, en)).toBe('merged this ticket into #489');
    expect(historyText(entry({ field: 'status', oldValue: 'new', newValue: 'open' }), en)).not.toContain('new');
  });

  it('names the problem a ticket was linked to or unlinked from', () => {
    const linked = entry({ field: 'problem', newValue: '3', newLabel: 'P-3' });
    const unlinked = entry({ field: 'problem', oldValue: '3', oldLabel: 'P-3' });
    expect(historyText(linked, i18next.getFixedT('de'))).toBe('hat das Ticket mit Problem P-3 verknüpft');
    expect(historyText(unlinked, i18next.getFixedT('en'))).toBe('unlinked the ticket from problem P-3');
  });

  it('says when the assignment was automatic, in the reader’s language', () => {
    const auto = entry({ field: 'assignee', newValue: '7', newLabel: 'Nils Netzwerk', reason: 'Assigned automatically (round robin).' });
    expect(historyText(auto, i18next.getFixedT('de'))).toBe('automatisch zugewiesen (reihum): Nils Netzwerk');
    expect(historyText(auto, i18next.getFixedT('en'))).toBe('assigned automatically (round robin): Nils Netzwerk');
  });

  it('says when a pending reminder reopened the ticket, and shows reminder times in the reader’s form', () => {
    const reopened = entry({ field: 'status', oldValue: 'pending', newValue: 'open', reason: PENDING_REMINDER_REASON });
    expect(historyText(reopened, i18next.getFixedT('de'))).toBe('hat das Ticket wieder geöffnet, die Wiedervorlage war fällig (Wartend → Offen)');
    expect(historyText(reopened, i18next.getFixedT('en'))).toMatch(/^reopened the ticket, the reminder was due/);
    const set = entry({ field: 'pendingUntil', newValue: '2026-12-01T08:00:00.000Z' });
    expect(historyText(set, i18next.getFixedT('de'), () => '01.12.26, 09:00')).toBe('hat Wiedervorlage auf 01.12.26, 09:00 gesetzt');
  });
});
