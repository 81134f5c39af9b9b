import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { errorMessage } from '../../../components/states.tsx';
import type { UserRow } from '../api/admin.ts';
import { useAnonymise, useExportPerson, useResetTwoFactor } from '../api/identity-admin.ts';

/** Data protection for one person: export everything, reset the second factor, anonymise (with a question first). */
export function UserPrivacyActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const { t } = useTranslation();
  const exportPerson = useExportPerson();
  const reset = useResetTwoFactor();
  const anonymise = useAnonymise();
  const [asking, setAsking] = useState<'reset' | 'anonymise' | null>(null);
  const [notice, setNotice] = useState('');
  const failed = [exportPerson, reset, anonymise].find((m) => m.isError);

  const answer = (ok: boolean) => {
    const what = asking;
    setAsking(null);
    if (!ok) return;
    setNotice('');
    if (what === 'reset') reset.mutate(user.id, { onSuccess: () => setNotice(t('identity.resetTwoFactorDone')) });
    if (what === 'anonymise') anonymise.mutate(user.id, { onSuccess: (done) => setNotice(t('identity.anonymised', { name: done.user.name })) });
  };

  return (
    <div className="inline" role="group" aria-label={t('identity.privacy')} style={{ marginTop: '0.5rem', flexWrap: 'wrap' }}>
      <span className="h-small">{t('identity.privacy')}:</span>
      <button type="button" className="btn" onClick={() => exportPerson.mutate(user.id)} disabled={exportPerson.isPending}>
        {t('identity.exportData')}
      </button>
      <button type="button" className="btn" onClick={() => setAsking('reset')} disabled={reset.isPending}>
        {t('identity.resetTwoFactor')}
      </button>
      <button type="button" className="btn btn-danger" onClick={() => setAsking('anonymise')} disabled={isSelf || anonymise.isPending} title={isSelf ? t('identity.cannotAnonymiseSelf') : undefined}>
        {t('identity.anonymise')}
      </button>
      {notice && (
        <span role="status" className="muted">
          {notice}
        </span>
      )}
      {failed && (
        <span className="field-error" role="alert">
          {errorMessage(failed.error, t)}
        </span>
      )}
      {asking === 'reset' && (
        <ConfirmDialog
          title={t('identity.resetTwoFactorTitle')}
          message={t('identity.resetTwoFactorMessage', { name: user.name })}
          confirmLabel={t('identity.resetTwoFactor')}
          cancelLabel={t('common.cancel')}
          onAnswer={answer}
        />
      )}
      {asking === 'anonymise' && (
        <ConfirmDialog
          title={t('identity.anonymiseTitle', { name: user.name })}
          message={t('identity.anonymiseMessage')}
          confirmLabel={t('identity.anonymise')}
          cancelLabel={t('common.cancel')}
          onAnswer={answer}
        />
      )}
    </div>
  );
}
