import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api, apiNoContent, apiUnchecked, withQuery } from '../../../lib/api-client.ts';
import { type InboundMailState, inboundMailSchema, type inboundMailListSchema, mailboxSchema, type CreateMailboxInput, type UpdateMailboxInput } from '../../../../shared/contracts/mail-admin.ts';

/** Received mail, newest first, 50 a page; `state` narrows it. */
export function useInboundMails(state: InboundMailState | '') {
  return useInfiniteQuery({
    queryKey: ['admin', 'inbound-mails', state],
    queryFn: ({ pageParam }) => apiUnchecked<typeof inboundMailListSchema>(withQuery('/admin/inbound-mails', { limit: 50, cursor: pageParam, state: state || undefined })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReprocessInboundMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/admin/inbound-mails/${id}/reprocess`, { method: 'POST', body: {}, schema: inboundMailSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'inbound-mails'] }),
  });
}

export function useMailboxes() {
  return useQuery({ queryKey: ['admin', 'mailboxes'], queryFn: () => api('/admin/mailboxes', { schema: z.object({ items: z.array(mailboxSchema) }) }).then((r) => r.items) });
}

export function useSaveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; changes: UpdateMailboxInput } | { id: null; changes: CreateMailboxInput }) =>
      input.id === null
        ? api('/admin/mailboxes', { method: 'POST', body: input.changes, schema: mailboxSchema })
        : api(`/admin/mailboxes/${input.id}`, { method: 'PATCH', body: input.changes, schema: mailboxSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'mailboxes'] }),
  });
}

export function useDeleteMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/mailboxes/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'mailboxes'] }),
  });
}
