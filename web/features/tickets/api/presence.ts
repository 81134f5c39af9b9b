import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../../../lib/api-client.ts';
import { presenceListSchema, type PresenceState } from '../../../../shared/contracts/presence.ts';

export type { PresenceEntry } from '../../../../shared/contracts/presence.ts';

export function usePresence(ticketId: number) {
  return useQuery({
    queryKey: ['presence', ticketId],
    queryFn: ({ signal }) => api(`/tickets/${ticketId}/presence`, { signal, schema: presenceListSchema }).then((r) => r.items),
    refetchInterval: 30_000,
    retry: false,
  });
}

function post(ticketId: number, state: PresenceState) {
  return api(`/tickets/${ticketId}/presence`, { method: 'POST', body: { state }, schema: presenceListSchema }).catch(() => undefined);
}

/** Tells the others that I view this ticket (renewed every 20 s), that I type, and that I left. */
export function useAnnouncePresence(ticketId: number, typing: boolean) {
  const last = useRef<string>('');
  useEffect(() => {
    const state = typing ? 'typing' : 'viewing';
    if (last.current !== state) {
      last.current = state;
      void post(ticketId, state);
    }
  }, [ticketId, typing]);
  useEffect(() => {
    const timer = setInterval(() => void post(ticketId, last.current === 'typing' ? 'typing' : 'viewing'), 20_000);
    const leave = () => {
      void post(ticketId, 'left');
    };
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
      last.current = '';
      leave();
    };
  }, [ticketId]);
}
