import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { organisationListSchema } from '../../../../shared/contracts/organisations.ts';
import { ticketSchema, type CreateTicketInput } from '../../../../shared/contracts/tickets.ts';
import { userListSchema } from '../../../../shared/contracts/users.ts';

/** Typeahead for the caller: active people whose name or address contains the text (GET /users?q=, agents). */
export function useCallerSearch(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: ['users', 'search', q],
    queryFn: ({ signal }) => api(withQuery('/users', { q, active: 'true', limit: 8 }), { signal, schema: userListSchema }).then((r) => r.items),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
}

export function useOrganisationOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['organisations', 'options'],
    queryFn: () => api(withQuery('/organisations', { limit: 100 }), { schema: organisationListSchema }).then((r) => r.items),
    enabled,
  });
}

/** POST /tickets on behalf of a caller; the list refreshes. */
export function useCreateTicketForCaller() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTicketInput) => api('/tickets', { method: 'POST', body: input, schema: ticketSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}
