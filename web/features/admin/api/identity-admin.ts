import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { anonymiseResponse, personExportSchema } from '../../../../shared/contracts/privacy.ts';
import { type CreateWebhookInput, type UpdateWebhookInput, webhookDeliveryListSchema, webhookListSchema, webhookSchema, webhookTestResponse } from '../../../../shared/contracts/webhooks.ts';

export type { WebhookDeliveryDto as WebhookDelivery, WebhookDto as Webhook } from '../../../../shared/contracts/webhooks.ts';

const webhooksKey = ['admin', 'webhooks'];

export function useWebhooks() {
  return useQuery({ queryKey: webhooksKey, queryFn: () => api('/admin/webhooks', { schema: webhookListSchema }).then((r) => r.items) });
}

export function useWebhookDeliveries(id: number) {
  return useQuery({
    queryKey: [...webhooksKey, id, 'deliveries'],
    queryFn: () => api(`/admin/webhooks/${id}/deliveries`, { schema: webhookDeliveryListSchema }).then((r) => r.items),
    refetchInterval: 5000,
  });
}

export function useSaveWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; changes: UpdateWebhookInput } | { id: null; changes: CreateWebhookInput }) =>
      input.id === null
        ? api('/admin/webhooks', { method: 'POST', body: input.changes, schema: webhookSchema })
        : api(`/admin/webhooks/${input.id}`, { method: 'PATCH', body: input.changes, schema: webhookSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/webhooks/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useTestWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/admin/webhooks/${id}/test`, { method: 'POST', schema: webhookTestResponse }),
    onSuccess: (_, id) => void client.invalidateQueries({ queryKey: [...webhooksKey, id, 'deliveries'] }),
  });
}

/** Fetches the export and hands it to the browser as a JSON file. */
export function useExportPerson() {
  return useMutation({
    mutationFn: async (id: number) => {
      const data = await api(`/admin/users/${id}/export`, { schema: personExportSchema });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `anlauf-person-${id}.json`;
      link.click();
      URL.revokeObjectURL(url);
    },
  });
}

export function useResetTwoFactor() {
  return useMutation({ mutationFn: (id: number) => apiNoContent(`/admin/users/${id}/totp`, { method: 'DELETE' }) });
}

export function useAnonymise() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/admin/users/${id}/anonymise`, { method: 'POST', schema: anonymiseResponse }),
    onSuccess: () => {
      for (const key of [['admin', 'users'], ['agents']]) void client.invalidateQueries({ queryKey: key });
    },
  });
}
