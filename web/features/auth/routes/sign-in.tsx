import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../components/states.tsx';
import { usePortalSettings, useSession, useSignIn } from '../api/session.ts';

export default function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const session = useSession();
  const signIn = useSignIn();
  const settings = usePortalSettings();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Asked for once the server says the account has two-factor sign-in (401 totp_required).
  const [totp, setTotp] = useState<string | null>(null);
  const codeAsked = signIn.error instanceof ApiError && (signIn.error.code === 'totp_required' || signIn.error.code === 'totp_invalid');
  if (codeAsked && totp === null) setTotp('');

  const next = params.get('next');
  const user = session.data;
  if (user) {
    const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
    return <Navigate to={safeNext ?? (user.role === 'customer' ? '/portal' : '/agent')} replace />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password, ...(totp ? { totp } : {}) });
  };

  return (
    <AuthLayout title={t('auth.signInTitle')}>
      <form onSubmit={submit} className="form" noValidate>
        {signIn.isError && (
          <p className={signIn.error instanceof ApiError && signIn.error.code === 'totp_required' ? 'alert' : 'alert alert-error'} role="alert">
            {errorMessage(signIn.error, t)}
          </p>
        )}
        <div className="field">
          <label htmlFor="email">{t('auth.email')}</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">{t('auth.password')}</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {totp !== null && (
          <div className="field">
            <label htmlFor="totp">{t('identity.signInCode')}</label>
            <input id="totp" autoComplete="one-time-code" inputMode="numeric" required value={totp} onChange={(e) => setTotp(e.target.value)} autoFocus />
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/password-reset">{t('auth.forgotPassword')}</Link>
        {settings.data?.signupAllowed && <Link to="/signup">{t('auth.createAccount')}</Link>}
      </p>
    </AuthLayout>
  );
}
