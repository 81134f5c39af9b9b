import { describe, expect, it } from 'vitest';
import type { MessageDto as Message } from '../../../../shared/contracts/messages.ts';
import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';
import { buildTimeline } from './build-timeline.ts';

const message = (id: number, at: string, internal = false): Message => ({
  id,
  ticketId: 1,
  author: { id: 1, name: 'A' },
  internal,
  automatic: false,
  senderVerified: null,
  format: 'markdown',
  body: `m${id}`,
  bodyHtml: null,
  attachments: [],
  createdAt: at,
});
const event = (id: number, at: string, kind = 'changed'): HistoryEvent => ({
  id,
  kind,
  field: 'status',
  oldValue: 'new',
  newValue: 'open',
  oldLabel: 'new',
  newLabel: 'open',
  reason: null,
  actor: null,
  createdAt: at,
});

describe('buildTimeline', () => {
  it('orders messages and folds each run of history events into one entry', () => {
    const entries = buildTimeline(
      [message(1, '2026-01-01T10:00:00Z'), message(2, '2026-01-01T12:00:00Z', true)],
      [event(10, '2026-01-01T11:00:00Z'), event(11, '2026-01-01T11:30:00Z'), event(12, '2026-01-01T13:00:00Z'), event(13, '2026-01-01T09:00:00Z', 'created')],
    );
    expect(entries.map((e) => (e.kind === 'message' ? `m${e.message.id}` : e.kind === 'history' ? `h${e.events.map((x) => x.id).join('+')}` : `e${e.event.id}`))).toEqual([
      'm1',
      'h10+11',
      'm2',
      'h12',
    ]);
  });

  it('shows escalations on their own line, between the folded changes', () => {
    const entries = buildTimeline([], [event(1, '2026-01-01T10:00:00Z'), { ...event(2, '2026-01-01T11:00:00Z', 'escalated'), reason: 'zu schwer' }, event(3, '2026-01-01T12:00:00Z')]);
    expect(entries.map((e) => e.kind)).toEqual(['history', 'escalation', 'history']);
  });

  it('leaves out the creation event, which the first message already shows', () => {
    expect(buildTimeline([], [event(1, '2026-01-01T10:00:00Z', 'created')])).toEqual([]);
  });
});
