import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/enums.ts';
import { ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { useProfile, useUpdateProfile, type Profile as ProfileData } from '../api/profile.ts';
import { PasswordForm } from '../components/password-form.tsx';
import { TokensPanel } from '../components/tokens-panel.tsx';
import { TwoFactorPanel } from '../components/two-factor-panel.tsx';

export default function Profile() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError)
    return (
      <div className="page">
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      </div>
    );
  return (
    <div className="page page-narrow">
      <h1>{t('profile.title')}</h1>
      <ProfileForm profile={profile.data} />
      <PasswordForm />
      <TwoFactorPanel />
      {profile.data.role !== 'customer' && <TokensPanel />}
    </div>
  );
}

function ProfileForm({ profile }: { profile: ProfileData }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const [form, setForm] = useState({ name: profile.name, locale: profile.locale, timeZone: profile.timeZone, signature: profile.signature });
  useEffect(() => setForm({ name: profile.name, locale: profile.locale, timeZone: profile.timeZone, signature: profile.signature }), [profile]);
  const zones = useMemo(() => {
    const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return all.includes(form.timeZone) ? all : [form.timeZone, ...all];
  }, [form.timeZone]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The language select offers only the LOCALES.
    update.mutate({ ...form, locale: form.locale === '' ? null : (form.locale as Locale) });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="profile-heading">
      <h2 id="profile-heading">{profile.email}</h2>
      <div className="field">
        <label htmlFor="profile-name">{t('auth.name')}</label>
        <input id="profile-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="profile-locale">{t('profile.language')}</label>
        <select id="profile-locale" value={form.locale ?? ''} onChange={(e) => setForm({ ...form, locale: e.target.value })}>
          <option value="">{t('profile.languageOfBrowser')}</option>
          <option value="de">Deutsch</option>
          <option value="en">English</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="profile-zone">{t('profile.timeZone')}</label>
        <select id="profile-zone" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      {profile.role !== 'customer' && (
        <div className="field">
          <label htmlFor="profile-signature">{t('profile.signature')}</label>
          <textarea id="profile-signature" rows={3} value={form.signature} onChange={(e) => setForm({ ...form, signature: e.target.value })} aria-describedby="signature-hint" />
          <p className="hint" id="signature-hint">
            {t('profile.signatureHint')}
          </p>
        </div>
      )}
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {t('common.save')}
        </button>
        {update.isSuccess && (
          <span role="status" className="muted">
            {t('common.saved')}
          </span>
        )}
      </div>
      {update.isError && (
        <p className="field-error" role="alert">
          {errorMessage(update.error, t)}
        </p>
      )}
    </form>
  );
}
