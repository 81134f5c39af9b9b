import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './language-switch.tsx';

/** The centred card used by sign-in, sign-up and password reset. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large">Anlauf</p>
        <p className="muted auth-tagline">{t('auth.tagline')}</p>
        <h1>{title}</h1>
        {children}
      </div>
      <LanguageSwitch />
    </main>
  );
}
