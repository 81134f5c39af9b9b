import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
export interface LiveEvent {
  type: 'ticket.created' | 'ticket.updated' | 'message.created' | 'presence';
  ticketId: number;
  actorId: number | null;
  data?: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = 'connecting';
let source: EventSource | null = null;
let users = 0;

function setStatus(next: LiveStatus) {
  status = next;
  for (const l of statusListeners) l();
}

function open() {
  source = new EventSource('/api/v1/events');
  source.onopen = () => setStatus('live');
  source.onerror = () => setStatus('reconnecting');
  for (const type of ['ticket.created', 'ticket.updated', 'message.created', 'presence'] as const) {
    source.addEventListener(type, (message) => {
      try {
        const event = { ...(JSON.parse((message as MessageEvent<string>).data) as LiveEvent), type };
        for (const l of listeners) l(event);
      } catch {
        // A malformed event is ignored; the next refetch brings the truth.
      }
    });
  }
}

/** One EventSource per tab, shared by every component that listens. */
export function useLiveEvents(listener?: Listener): void {
  useEffect(() => {
    users += 1;
    if (!source) open();
    if (listener) listeners.add(listener);
    return () => {
      if (listener) listeners.delete(listener);
      users -= 1;
      if (users === 0 && source) {
        source.close();
        source = null;
        setStatus('connecting');
      }
    };
  }, [listener]);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (cb) => {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    () => status,
  );
}

/**
 * Keeps ticket queries fresh: lists and counts on any change, one ticket when it changes.
 * Events are coalesced for half a second so a burst (a bulk change) costs one refetch, not hundreds.
 */
export function useLiveTicketInvalidation(): void {
  const client = useQueryClient();
  const pending = useRef<{ tickets: Set<number>; presence: Set<number>; timer: ReturnType<typeof setTimeout> | null }>({ tickets: new Set(), presence: new Set(), timer: null });
  const listener = useCallback(
    (event: LiveEvent) => {
      const batch = pending.current;
      (event.type === 'presence' ? batch.presence : batch.tickets).add(event.ticketId);
      if (batch.timer) return;
      batch.timer = setTimeout(() => {
        batch.timer = null;
        if (batch.tickets.size > 0) void client.invalidateQueries({ queryKey: ['tickets'] });
        for (const id of batch.tickets) void client.invalidateQueries({ queryKey: ['ticket', id] });
        for (const id of batch.presence) void client.invalidateQueries({ queryKey: ['presence', id] });
        batch.tickets.clear();
        batch.presence.clear();
      }, 500);
    },
    [client],
  );
  useEffect(() => {
    const batch = pending.current;
    return () => {
      if (batch.timer) clearTimeout(batch.timer);
    };
  }, []);
  useLiveEvents(listener);
}
