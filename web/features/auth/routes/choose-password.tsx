import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AuthLayout } from '../../../components/auth-layout.tsx';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { apiNoContent } from '../../../lib/api-client.ts';
import { fieldMessages } from '../../../lib/error-text.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { sessionKey, useSignOut } from '../api/session.ts';

/**
 * Shown instead of every page while the session's password is a generated one (the first admin):
 * the server answers nothing else until the person chooses their own.
 */
export default function ChoosePassword() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const signOut = useSignOut();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () => apiNoContent('/me/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: () => client.setQueryData<SessionUser | null>(sessionKey, (old) => (old ? { ...old, mustChangePassword: false } : old)),
  });
  const fields = fieldMessages(change.error, t, i18n.language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <AuthLayout title={t('passwordChange.title')}>
      <p>{t('passwordChange.why')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="current-password">{t('passwordChange.current')}</label>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            aria-invalid={fields.currentPassword ? true : undefined}
            aria-describedby={fields.currentPassword ? 'current-password-error' : undefined}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <FieldError id="current-password-error" message={fields.currentPassword} />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('passwordChange.new')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            aria-invalid={fields.newPassword ? true : undefined}
            aria-describedby={`new-password-hint${fields.newPassword ? ' new-password-error' : ''}`}
            onChange={(e) => setNew(e.target.value)}
          />
          <p className="hint" id="new-password-hint">
            {t('auth.passwordHint')}
          </p>
          <FieldError id="new-password-error" message={fields.newPassword} />
        </div>
        {change.isError && !Object.keys(fields).length && (
          <p className="field-error" role="alert">
            {errorMessage(change.error, t)}
          </p>
        )}
        <div className="inline">
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {t('passwordChange.submit')}
          </button>
          <button type="button" className="btn" onClick={() => signOut.mutate()}>
            {t('passwordChange.signOut')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
