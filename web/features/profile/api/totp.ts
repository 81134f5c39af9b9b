import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { type TotpDisableInput, totpConfirmResponse, totpSetupResponse, totpStatusResponse } from '../../../../shared/contracts/totp.ts';

const key = ['totp'] as const;

export function useTotpStatus() {
  return useQuery({ queryKey: key, queryFn: () => api('/me/totp', { schema: totpStatusResponse }) });
}

export function useStartTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api('/me/totp', { method: 'POST', schema: totpSetupResponse }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useConfirmTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api('/me/totp/confirm', { method: 'POST', body: { code }, schema: totpConfirmResponse }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useDisableTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TotpDisableInput) => apiNoContent('/me/totp', { method: 'DELETE', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
