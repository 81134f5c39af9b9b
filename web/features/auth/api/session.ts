import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../../lib/api-client.ts';
import type { SessionUser } from '../../../lib/types.ts';

interface MeResponse {
  user: SessionUser;
  csrfToken: string | null;
}

export const sessionKey = ['session'] as const;

async function getSession(): Promise<SessionUser | null> {
  try {
    const me = await api<MeResponse>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, or null when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: getSession, staleTime: Infinity, retry: 1 });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api<MeResponse>('/auth/login', { method: 'POST', body: input }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(sessionKey, me.user);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/** Creates a requester account and signs it in. */
export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; email: string; password: string; locale?: string }) =>
      api<MeResponse>('/auth/signup', { method: 'POST', body: input }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(sessionKey, me.user);
    },
  });
}

/** Whether the portal lets people create their own accounts (public). */
export function usePortalSettings() {
  return useQuery({
    queryKey: ['settings', 'portal'],
    queryFn: () => api<{ signupAllowed: boolean }>('/settings/portal'),
    staleTime: 5 * 60_000,
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (input: { email: string }) => api<unknown>('/auth/password-reset', { method: 'POST', body: input }) });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) => api<unknown>('/auth/password-reset/confirm', { method: 'POST', body: input }),
  });
}
