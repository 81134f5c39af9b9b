import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiNoContent, apiUnchecked, ApiError, setCsrfToken } from '../../../lib/api-client.ts';
// Type-only: this module is in the entry chunk, which stays free of zod (see apiUnchecked).
import type { meResponse, SessionUser } from '../../../../shared/contracts/auth.ts';
import type { acceptedSchema, emailVerifiedSchema, PasswordResetConfirmInput, PasswordResetInput, portalSettingsSchema, SignupInput } from '../../../../shared/contracts/portal.ts';

export const sessionKey = ['session'] as const;

async function getSession(): Promise<SessionUser | null> {
  try {
    const me = await apiUnchecked<typeof meResponse>('/auth/me');
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
    mutationFn: (input: { email: string; password: string; totp?: string }) => apiUnchecked<typeof meResponse>('/auth/login', { method: 'POST', body: input }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(sessionKey, me.user);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiNoContent('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/**
 * Creates a requester account, then signs in with the same credentials. Sign-up answers the
 * same for new and taken addresses, so only the sign-in shows whether this is the new account:
 * null means "check your mail" (nothing is revealed about the address either way).
 */
export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignupInput): Promise<SessionUser | null> => {
      await apiUnchecked<typeof acceptedSchema>('/auth/signup', { method: 'POST', body: input });
      try {
        const me = await apiUnchecked<typeof meResponse>('/auth/login', { method: 'POST', body: { email: input.email, password: input.password } });
        setCsrfToken(me.csrfToken);
        return me.user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    onSuccess: (user) => {
      if (user) client.setQueryData(sessionKey, user);
    },
  });
}

/** Follows the link from the confirmation mail; the session (organisation, flag) is reloaded. */
export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => apiUnchecked<typeof emailVerifiedSchema>('/auth/verify-email', { method: 'POST', body: { token } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useResendVerification() {
  return useMutation({ mutationFn: () => apiUnchecked<typeof acceptedSchema>('/auth/verify-email/resend', { method: 'POST' }) });
}

/** Whether the portal lets people create their own accounts (public). */
export function usePortalSettings() {
  return useQuery({
    queryKey: ['settings', 'portal'],
    queryFn: () => apiUnchecked<typeof portalSettingsSchema>('/settings/portal'),
    staleTime: 5 * 60_000,
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (input: PasswordResetInput) => apiUnchecked<typeof acceptedSchema>('/auth/password-reset', { method: 'POST', body: input }) });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (input: PasswordResetConfirmInput) => apiNoContent('/auth/password-reset/confirm', { method: 'POST', body: input }),
  });
}
