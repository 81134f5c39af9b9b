import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiUnchecked, withQuery } from '../../../lib/api-client.ts';
import type { auditLogSchema, AuditAction } from '../../../../shared/contracts/audit.ts';
import { categoryListSchema } from '../../../../shared/contracts/categories.ts';
import { groupListSchema } from '../../../../shared/contracts/groups.ts';
import { organisationListSchema } from '../../../../shared/contracts/organisations.ts';
import { portalSettingsSchema, type UpdatePortalSettingsInput } from '../../../../shared/contracts/portal.ts';
import { type UpdateUserInput, type userListSchema, userSchema } from '../../../../shared/contracts/users.ts';

export type { OrganisationDto as Organisation } from '../../../../shared/contracts/organisations.ts';
export type { Category, Group, UserRow } from '../../../lib/reference-data.ts';

// Paged lists (50 rows a page) are not checked at runtime; their type is the contract's.
export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: ['admin', 'users', q],
    queryFn: ({ pageParam }) => apiUnchecked<typeof userListSchema>(withQuery('/users', { q, limit: 50, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every organisation, deactivated ones too (the admin list). */
export function useOrganisations() {
  return useInfiniteQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: ({ pageParam }) => apiUnchecked<typeof organisationListSchema>(withQuery('/organisations', { limit: 50, cursor: pageParam, all: 'true' })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The audit log, newest first; `action` narrows it to one kind of entry. */
export function useAuditLog(action: AuditAction | '') {
  return useInfiniteQuery({
    queryKey: ['admin', 'audit-log', action],
    queryFn: ({ pageParam }) => apiUnchecked<typeof auditLogSchema>(withQuery('/admin/audit-log', { limit: 50, cursor: pageParam, action: action || undefined })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every group, deactivated ones too (the admin list). */
export function useAllGroups() {
  return useQuery({ queryKey: ['admin', 'groups'], queryFn: () => api('/groups?all=true', { schema: groupListSchema }).then((r) => r.items) });
}

export function useAllCategories() {
  return useQuery({ queryKey: ['admin', 'categories'], queryFn: () => api('/categories?all=true', { schema: categoryListSchema }).then((r) => r.items) });
}

/** A create or update that refreshes the lists it touches; the answer is checked against `schema`. */
export function useAdminWrite<S extends z.ZodType>(schema: S, invalidate: string[][]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { method: 'POST' | 'PATCH'; path: string; body: unknown }) => api(input.path, { method: input.method, body: input.body, schema }),
    onSuccess: () => {
      for (const key of invalidate) void client.invalidateQueries({ queryKey: key });
    },
  });
}

/** Organisations to pick from (the first 100 by name order of the API). */
export function useOrganisationOptions() {
  return useQuery({
    queryKey: ['admin', 'organisations', 'options'],
    queryFn: () => api(withQuery('/organisations', { limit: 100 }), { schema: organisationListSchema }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** What the user editor changes (PATCH /users/:id). */
export type UserChanges = Required<Pick<UpdateUserInput, 'role' | 'organisationId' | 'active' | 'groupIds'>>;

/** PATCH /users/:id; refreshes the user list, the agent pickers and the group member counts. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; changes: Partial<UserChanges> }) => api(`/users/${input.id}`, { method: 'PATCH', body: input.changes, schema: userSchema }),
    onSuccess: () => {
      for (const key of [['admin', 'users'], ['agents'], ['groups']]) void client.invalidateQueries({ queryKey: key });
    },
  });
}

/** The same cache entry the sign-in and sign-up pages read, so they follow a change at once. */
export function usePortalSettingsAdmin() {
  return useQuery({ queryKey: ['settings', 'portal'], queryFn: () => api('/settings/portal', { schema: portalSettingsSchema }) });
}

export function useSavePortalSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdatePortalSettingsInput) => api('/settings/portal', { method: 'PATCH', body: changes, schema: portalSettingsSchema }),
    onSuccess: (settings) => client.setQueryData(['settings', 'portal'], settings),
  });
}
