import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { fieldMessages } from '../../../lib/error-text.ts';
import { useChangePassword } from '../api/profile.ts';

export function PasswordForm() {
  const { t, i18n } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const fields = fieldMessages(change.error, t, i18n.language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
        },
      },
    );
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="password-heading">
      <h2 id="password-heading">{t('profile.changePassword')}</h2>
      <div className="field">
        <label htmlFor="current-password">{t('profile.currentPassword')}</label>
        <input id="current-password" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
        <FieldError id="current-password-error" message={fields.currentPassword} />
      </div>
      <div className="field">
        <label htmlFor="new-password">{t('profile.newPassword')}</label>
        <input id="new-password" type="password" autoComplete="new-password" required value={newPassword} onChange={(e) => setNew(e.target.value)} aria-describedby="new-password-hint" />
        <p className="hint" id="new-password-hint">
          {t('auth.passwordHint')}
        </p>
        <FieldError id="new-password-error" message={fields.newPassword} />
      </div>
      <div className="inline">
        <button type="submit" className="btn" disabled={change.isPending}>
          {t('profile.changePassword')}
        </button>
        {change.isSuccess && (
          <span role="status" className="muted">
            {t('profile.passwordChanged')}
          </span>
        )}
      </div>
      {change.isError && !Object.keys(fields).length && (
        <p className="field-error" role="alert">
          {errorMessage(change.error, t)}
        </p>
      )}
    </form>
  );
}
