import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { EscalateInput } from '../../../../shared/contracts/escalation.ts';
import { bulkResultSchema } from '../../../../shared/contracts/ticket-actions.ts';
import { ticketSchema } from '../../../../shared/contracts/tickets.ts';

export type EscalationAction = 'escalate' | 'handBack' | 'notifySupervisors';

const PATHS: Record<EscalationAction, string> = { escalate: 'escalate', handBack: 'hand-back', notifySupervisors: 'notify-supervisors' };

/** Escalate, hand back or call the supervisors of one ticket; the answer carries the caller's new abilities. */
export function useEscalationAction(id: number, action: EscalationAction) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EscalateInput) => api(`/tickets/${id}/${PATHS[action]}`, { method: 'POST', body: action === 'escalate' ? input : { reason: input.reason }, schema: ticketSchema }),
    onSuccess: (ticket) => {
      client.setQueryData(['ticket', id], ticket);
      void client.invalidateQueries({ queryKey: ['ticket', id, 'history'] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export function useBulkEscalate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EscalateInput & { ids: number[] }) => api('/tickets/bulk-escalate', { method: 'POST', body: input, schema: bulkResultSchema }).then((r) => r.results),
    onSettled: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}
