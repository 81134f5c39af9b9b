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

/** Organisations to pick from (the first 100 by name order of the API). */
export function useOrganisationOptions() {
  return useQuery({
    queryKey: ['admin', 'organisations', 'options'],
    queryFn: () => api<Page<Organisation>>(withQuery('/organisations', { limit: 100 })).then((r) => r.items),
    staleTime: 60_000,
  });
}

export interface UserChanges {
  role: UserRow['role'];
  organisationId: number | null;
  active: boolean;
  groupIds: number[];
}

/** PATCH /users/:id; refreshes the user list, the agent pickers and the group member counts. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; changes: Partial<UserChanges> }) => api<UserRow>(`/users/${input.id}`, { method: 'PATCH', body: input.changes }),
    onSuccess: () => {
      for (const key of [['admin', 'users'], ['agents'], ['groups']]) void client.invalidateQueries({ queryKey: key });
    },
  });
}

export interface PortalSettings {
  signupAllowed: boolean;
}

/** The same cache entry the sign-in and sign-up pages read, so they follow a change at once. */
export function usePortalSettingsAdmin() {
  return useQuery({ queryKey: ['settings', 'portal'], queryFn: () => api<PortalSettings>('/settings/portal') });
}

export function useSavePortalSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<PortalSettings>) => api<PortalSettings>('/settings/portal', { method: 'PATCH', body: changes }),
    onSuccess: (settings) => client.setQueryData(['settings', 'portal'], settings),
  });
}

export type { Category, Group, UserRow };
