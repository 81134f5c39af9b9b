import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { useResendVerification } from '../api/session.ts';

/** Shown to a signed-in user whose address is not confirmed yet: they see only their own requests. */
export function ConfirmEmailBanner() {
  const { t } = useTranslation();
  const resend = useResendVerification();
  return (
    <div className="alert alert-warning" role="status">
      <p>{t('auth.confirmPending')}</p>
      {resend.isSuccess ? (
        <p>{t('auth.confirmResent')}</p>
      ) : (
        <button type="button" className="btn" disabled={resend.isPending} onClick={() => resend.mutate()}>
          {t('auth.confirmResend')}
        </button>
      )}
      {resend.isError && (
        <p className="field-error" role="alert">
          {errorMessage(resend.error, t)}
        </p>
      )}
    </div>
  );
}
