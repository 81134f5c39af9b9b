import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { SessionUser } from '../../../lib/types.ts';

export interface Profile extends SessionUser {
  signature: string;
  active: boolean;
  createdAt: string;
}
export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function useProfile() {
  return useQuery({ queryKey: ['profile'], queryFn: () => api<Profile>('/me/profile') });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; locale?: string; timeZone?: string; signature?: string }) => api<Profile>('/me/profile', { method: 'PATCH', body: input }),
    onSuccess: (profile) => {
      client.setQueryData(['profile'], profile);
      // The session carries language and time zone for the whole app.
      client.setQueryData<SessionUser | null>(['session'], (old) => (old ? { ...old, name: profile.name, locale: profile.locale, timeZone: profile.timeZone } : old));
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<void>('/me/password', { method: 'POST', body: input }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api<{ items: ApiToken[] }>('/me/tokens').then((r) => r.items) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<ApiToken & { token: string }>('/me/tokens', { method: 'POST', body: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/me/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
