import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import type { Category, Group, UserRow } from '../../../lib/reference-data.ts';
import type { Page } from '../../../lib/types.ts';

export interface Organisation {
  id: number;
  name: string;
  kind: 'internal' | 'customer';
  domain: string | null;
  sharesTickets: boolean;
  createdAt: string;
}

export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: ['admin', 'users', q],
    queryFn: ({ pageParam }) => api<Page<UserRow>>(withQuery('/users', { q, limit: 50, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOrganisations() {
  return useInfiniteQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: ({ pageParam }) => api<Page<Organisation>>(withQuery('/organisations', { limit: 50, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAllCategories() {
  return useQuery({ queryKey: ['admin', 'categories'], queryFn: () => api<{ items: Category[] }>('/categories?all=true').then((r) => r.items) });
}

/** A create or update that refreshes the lists it touches. */
export function useAdminWrite<T>(invalidate: string[][]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { method: 'POST' | 'PATCH'; path: string; body: unknown }) => api<T>(input.path, { method: input.method, body: input.body }),
    onSuccess: () => {
      for (const key of invalidate) void client.invalidateQueries({ queryKey: key });
    },
  });
}

export type { Category, Group, UserRow };
