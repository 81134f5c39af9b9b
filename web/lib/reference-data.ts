import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from './api-client.ts';
import { categoryListSchema } from '../../shared/contracts/categories.ts';
import { groupListSchema } from '../../shared/contracts/groups.ts';
import { userListSchema, userSchema } from '../../shared/contracts/users.ts';

/** Lists that several screens pick from: groups, categories, agents. Cached for a few minutes. */
export type { CategoryDto as Category } from '../../shared/contracts/categories.ts';
export type { GroupDto as Group } from '../../shared/contracts/groups.ts';
export type { UserDto as UserRow } from '../../shared/contracts/users.ts';

const FIVE_MINUTES = 5 * 60_000;

export function useGroups(enabled = true) {
  return useQuery({
    queryKey: ['groups'],
    queryFn: () => api('/groups', { schema: groupListSchema }).then((r) => r.items),
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: () => api('/categories', { schema: categoryListSchema }).then((r) => r.items),
    staleTime: FIVE_MINUTES,
  });
}

export function useAgents(enabled = true) {
  return useQuery({
    queryKey: ['agents'],
    queryFn: async () => {
      const [agents, admins] = await Promise.all([
        api(withQuery('/users', { role: 'agent', active: 'true', limit: 100 }), { schema: userListSchema }),
        api(withQuery('/users', { role: 'admin', active: 'true', limit: 100 }), { schema: userListSchema }),
      ]);
      return [...agents.items, ...admins.items].sort((a, b) => a.name.localeCompare(b.name));
    },
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

/** The signed-in user's signature (from the profile), put below public replies. */
export function useSignature(enabled = true) {
  return useQuery({
    queryKey: ['profile'],
    queryFn: () => api('/me/profile', { schema: userSchema }),
    staleTime: FIVE_MINUTES,
    enabled,
    select: (profile) => profile.signature.trim(),
  });
}
