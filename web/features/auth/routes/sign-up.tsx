import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout.tsx';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { pickLanguage } from '../../../i18n/index.ts';
import { fieldMessages } from '../../../lib/error-text.ts';
import { usePortalSettings, useSignUp } from '../api/session.ts';

export default function SignUp() {
  const { t, i18n } = useTranslation();
  const signUp = useSignUp();
  const settings = usePortalSettings();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fields = fieldMessages(signUp.error, t, i18n.language);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({ name, email, password, locale: pickLanguage(i18n.language, []) });
  };

  if (signUp.isSuccess && signUp.data) return <Navigate to="/portal" replace />;
  if (signUp.isSuccess) {
    return (
      <AuthLayout title={t('auth.signUpTitle')}>
        <p className="alert alert-success" role="status">
          {t('auth.signUpCheckMail')}
        </p>
        <p className="auth-links">
          <Link to="/login">{t('auth.backToSignIn')}</Link>
        </p>
      </AuthLayout>
    );
  }
  if (settings.data && !settings.data.signupAllowed) {
    return (
      <AuthLayout title={t('auth.signUpTitle')}>
        <p className="alert alert-error" role="alert">
          {t('auth.signUpClosed')}
        </p>
        <p className="auth-links">
          <Link to="/login">{t('auth.backToSignIn')}</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('auth.signUpTitle')}>
      <form onSubmit={submit} className="form" noValidate>
        {signUp.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(signUp.error, t)}
          </p>
        )}
        <div className="field">
          <label htmlFor="name">{t('auth.name')}</label>
          <input id="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-error" />
          <FieldError id="name-error" message={fields.name} />
        </div>
        <div className="field">
          <label htmlFor="email">{t('auth.email')}</label>
          <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="email-error" />
          <FieldError id="email-error" message={fields.email} />
        </div>
        <div className="field">
          <label htmlFor="password">{t('auth.password')}</label>
          <input id="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="password-hint password-error" />
          <p className="hint" id="password-hint">
            {t('auth.passwordHint')}
          </p>
          <FieldError id="password-error" message={fields.password} />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={signUp.isPending}>
          {t('auth.createAccount')}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/login">{t('auth.haveAccount')}</Link>
      </p>
    </AuthLayout>
  );
}
