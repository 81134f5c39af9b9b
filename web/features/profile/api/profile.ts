import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { createdTokenSchema, tokenListSchema } from '../../../../shared/contracts/api-tokens.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { type ChangePasswordInput, type UpdateProfileInput, userSchema } from '../../../../shared/contracts/users.ts';

export type { ApiTokenDto as ApiToken } from '../../../../shared/contracts/api-tokens.ts';
export type { UserDto as Profile } from '../../../../shared/contracts/users.ts';

export function useProfile() {
  return useQuery({ queryKey: ['profile'], queryFn: () => api('/me/profile', { schema: userSchema }) });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateProfileInput) => api('/me/profile', { method: 'PATCH', body: input, schema: userSchema }),
    onSuccess: (profile) => {
      client.setQueryData(['profile'], profile);
      // The session carries language and time zone for the whole app.
      client.setQueryData<SessionUser | null>(['session'], (old) => (old ? { ...old, name: profile.name, locale: profile.locale, timeZone: profile.timeZone } : old));
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => apiNoContent('/me/password', { method: 'POST', body: input }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api('/me/tokens', { schema: tokenListSchema }).then((r) => r.items) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api('/me/tokens', { method: 'POST', body: { name }, schema: createdTokenSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/me/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
