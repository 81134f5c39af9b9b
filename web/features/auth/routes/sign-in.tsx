import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout.tsx';
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

  const next = params.get('next');
  const user = session.data;
  if (user) {
    const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
    return <Navigate to={safeNext ?? (user.role === 'customer' ? '/portal' : '/agent')} replace />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };

  return (
    <AuthLayout title={t('auth.signInTitle')}>
      <form onSubmit={submit} className="form" noValidate>
        {signIn.isError && (
          <p className="alert alert-error" role="alert">
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
