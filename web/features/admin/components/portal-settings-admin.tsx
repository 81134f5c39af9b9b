import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { usePortalSettingsAdmin, useSavePortalSettings } from '../api/admin.ts';

/** What the requester portal offers; for now whether people may sign up themselves. */
export function PortalSettingsAdmin() {
  const { t } = useTranslation();
  const settings = usePortalSettingsAdmin();
  const save = useSavePortalSettings();
  // While saving, show the wanted state; after a failure, the stored one (the error says why).
  const checked = save.isPending && save.variables.signupAllowed !== undefined ? save.variables.signupAllowed : Boolean(settings.data?.signupAllowed);
  return (
    <section aria-labelledby="portal-title">
      <h1 id="portal-title">{t('admin.portalTitle')}</h1>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <div className="add-form" style={{ flexDirection: 'column', alignItems: 'flex-start' }}>
          <label className="check" htmlFor="portal-signup">
            <input
              id="portal-signup"
              type="checkbox"
              role="switch"
              checked={checked}
              disabled={save.isPending}
              aria-describedby={save.isError ? 'portal-signup-hint portal-signup-error' : 'portal-signup-hint'}
              onChange={(e) => save.mutate({ signupAllowed: e.target.checked })}
            />
            {t('admin.signupAllowed')}
          </label>
          <p className="hint" id="portal-signup-hint">
            {t('admin.signupHint')}
          </p>
          <p role="status" className="muted">
            {save.isSuccess ? (checked ? t('admin.signupOn') : t('admin.signupOff')) : ''}
          </p>
          {save.isError && (
            <p className="field-error" id="portal-signup-error" role="alert">
              {errorMessage(save.error, t)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
