import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api-client.ts';
import { userSchema } from '../../shared/contracts/users.ts';

/** The agent's "available / away" switch in the top bar: away agents get no tickets automatically. */
export function AvailabilityToggle() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const profile = useQuery({ queryKey: ['profile'], queryFn: () => api('/me/profile', { schema: userSchema }) });
  const change = useMutation({
    mutationFn: (available: boolean) => api('/me/profile', { method: 'PATCH', body: { available }, schema: userSchema }),
    onSuccess: (next) => client.setQueryData(['profile'], next),
  });
  if (!profile.data) return null;
  const available = profile.data.available;
  return (
    <button
      type="button"
      className={`btn btn-ghost availability ${available ? 'is-available' : 'is-away'}`}
      aria-pressed={!available}
      title={t('assignment.availabilityHint')}
      disabled={change.isPending}
      onClick={() => change.mutate(!available)}
      data-availability={available ? 'available' : 'away'}
    >
      <span className="availability-dot" aria-hidden="true" /> {available ? t('assignment.available') : t('assignment.away')}
      <span className="visually-hidden"> — {available ? t('assignment.markAway') : t('assignment.markAvailable')}</span>
    </button>
  );
}
