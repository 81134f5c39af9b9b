import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { type CreateMailRouteInput, mailRouteListSchema, mailRouteSchema } from '../../../../shared/contracts/mail-routing.ts';

const ROUTES = ['admin', 'mail-routes'];

export function useMailRoutes() {
  return useQuery({ queryKey: ROUTES, queryFn: () => api('/admin/mail-routes', { schema: mailRouteListSchema }).then((r) => r.items) });
}

export function useAddMailRoute() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMailRouteInput) => api('/admin/mail-routes', { method: 'POST', body, schema: mailRouteSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ROUTES }),
  });
}

export function useDeleteMailRoute() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/mail-routes/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ROUTES }),
  });
}
