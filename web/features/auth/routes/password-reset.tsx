import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout.tsx';
import { errorMessage } from '../../../components/states.tsx';
import { useConfirmPasswordReset, useRequestPasswordReset } from '../api/session.ts';

/** Without ?token: asks for the e-mail address. With ?token (the link from the mail): sets a new password. */
export default function PasswordReset() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ConfirmReset token={token} /> : <RequestReset />;
}

function RequestReset() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };
  return (
    <AuthLayout title={t('auth.resetTitle')}>
      {request.isSuccess ? (
        <p className="alert alert-success" role="status">
          {t('auth.resetSent')}
        </p>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          {request.isError && (
            <p className="alert alert-error" role="alert">
              {errorMessage(request.error, t)}
            </p>
          )}
          <p className="muted">{t('auth.resetIntro')}</p>
          <div className="field">
            <label htmlFor="email">{t('auth.email')}</label>
            <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={request.isPending}>
            {t('auth.sendResetLink')}
          </button>
        </form>
      )}
      <p className="auth-links">
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const { t } = useTranslation();
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ token, password });
  };
  return (
    <AuthLayout title={t('auth.newPasswordTitle')}>
      {confirm.isSuccess ? (
        <p className="alert alert-success" role="status">
          {t('auth.passwordChanged')}
        </p>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          {confirm.isError && (
            <p className="alert alert-error" role="alert">
              {errorMessage(confirm.error, t)}
            </p>
          )}
          <div className="field">
            <label htmlFor="new-password">{t('auth.newPassword')}</label>
            <input id="new-password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="pw-hint" />
            <p className="hint" id="pw-hint">
              {t('auth.passwordHint')}
            </p>
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={confirm.isPending}>
            {t('auth.setPassword')}
          </button>
        </form>
      )}
      <p className="auth-links">
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}
