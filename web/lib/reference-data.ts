import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from './api-client.ts';
import { sortByName } from './format.ts';
import { useViewerLocale } from './use-viewer-locale.ts';
import { categoryListSchema } from '../../shared/contracts/categories.ts';
import { groupListSchema } from '../../shared/contracts/groups.ts';
import { userListSchema, userSchema } from '../../shared/contracts/users.ts';

/** Lists that several screens pick from: groups, categories, agents. Cached for a few minutes. */
export type { CategoryDto as Category } from '../../shared/contracts/categories.ts';
export type { GroupDto as Group } from '../../shared/contracts/groups.ts';
export type { UserDto as UserRow } from '../../shared/contracts/users.ts';

const FIVE_MINUTES = 5 * 60_000;

export function useGroups(enabled = true) {
  const locale = useViewerLocale();
  return useQuery({
    queryKey: ['groups'],
    queryFn: () => api('/groups', { schema: groupListSchema }).then((r) => r.items),
    staleTime: FIVE_MINUTES,
    enabled,
    // By level as the server sends them, by name within a level in the viewer's language.
    select: (groups) => sortByName(groups, locale, (g) => `${g.level}\u0000${g.name}`),
  });
}

/** Categories sorted by the name the viewer reads (the English one, when there is one, for English readers). */
export function useCategories() {
  const locale = useViewerLocale();
  return useQuery({
    queryKey: ['categories'],
    queryFn: () => api('/categories', { schema: categoryListSchema }).then((r) => r.items),
    staleTime: FIVE_MINUTES,
    select: (categories) => sortByName(categories, locale, (c) => categoryName(c, locale)),
  });
}

/** A category's name in the viewer's language: the English name for English readers when it has one. */
export function categoryName(category: { name: string; nameEn?: string | null }, locale: string): string {
  return locale.startsWith('en') && category.nameEn ? category.nameEn : category.name;
}

export function useAgents(enabled = true) {
  const locale = useViewerLocale();
  return useQuery({
    queryKey: ['agents'],
    queryFn: async () => {
      const [agents, admins] = await Promise.all([
        api(withQuery('/users', { role: 'agent', active: 'true', limit: 100 }), { schema: userListSchema }),
        api(withQuery('/users', { role: 'admin', active: 'true', limit: 100 }), { schema: userListSchema }),
      ]);
      return [...agents.items, ...admins.items];
    },
    staleTime: FIVE_MINUTES,
    enabled,
    select: (people) => sortByName(people, locale, (p) => p.name),
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
