import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from './api-client.ts';
import type { Page } from './types.ts';

/** Lists that several screens pick from: groups, categories, agents. Cached for a few minutes. */
export interface Group {
  id: number;
  name: string;
  level: '1' | '2' | '3' | 'specialist';
  description: string;
  isDefault: boolean;
  memberCount: number;
}
export interface Category {
  id: number;
  name: string;
  parentId: number | null;
  active: boolean;
  createdAt: string;
}
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: 'customer' | 'agent' | 'admin';
  locale: string;
  timeZone: string;
  organisationId: number | null;
  signature: string;
  active: boolean;
  groupIds: number[];
  createdAt: string;
}

const FIVE_MINUTES = 5 * 60_000;

export function useGroups(enabled = true) {
  return useQuery({
    queryKey: ['groups'],
    queryFn: () => api<{ items: Group[] }>('/groups').then((r) => r.items),
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: () => api<{ items: Category[] }>('/categories').then((r) => r.items),
    staleTime: FIVE_MINUTES,
  });
}

export function useAgents(enabled = true) {
  return useQuery({
    queryKey: ['agents'],
    queryFn: async () => {
      const [agents, admins] = await Promise.all([
        api<Page<UserRow>>(withQuery('/users', { role: 'agent', active: 'true', limit: 100 })),
        api<Page<UserRow>>(withQuery('/users', { role: 'admin', active: 'true', limit: 100 })),
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
    queryFn: () => api<UserRow>('/me/profile'),
    staleTime: FIVE_MINUTES,
    enabled,
    select: (profile) => profile.signature.trim(),
  });
}
