import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout.tsx';
import { errorMessage, Loading } from '../../../components/states.tsx';
import { useVerifyEmail } from '../api/session.ts';

/** The link from the confirmation mail (/verify-email?token=…): confirms the address once. */
export default function VerifyEmail() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const { mutate } = verify;
  useEffect(() => {
    if (token) mutate(token);
  }, [token, mutate]);
  return (
    <AuthLayout title={t('auth.verifyTitle')}>
      {!token ? (
        <p className="alert alert-error" role="alert">
          {t('auth.verifyNoToken')}
        </p>
      ) : verify.isSuccess ? (
        <p className="alert alert-success" role="status">
          {t('auth.verifyDone')}
        </p>
      ) : verify.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(verify.error, t)}
        </p>
      ) : (
        <Loading />
      )}
      <p className="auth-links">
        <Link to="/portal">{t('auth.toPortal')}</Link>
      </p>
    </AuthLayout>
  );
}
