import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, FieldError, Loading } from '../../../components/states.tsx';
import { fieldMessages } from '../../../lib/error-text.ts';
import { useConfirmTotp, useDisableTotp, useStartTotp, useTotpStatus } from '../api/totp.ts';

/** Two-factor sign-in: set up with an authenticator app, keep the recovery codes, switch off. */
export function TwoFactorPanel() {
  const { t } = useTranslation();
  const status = useTotpStatus();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  if (status.isPending) return <Loading />;
  if (status.isError) return <p className="alert alert-error">{errorMessage(status.error, t)}</p>;
  return (
    <section className="card" aria-labelledby="totp-heading">
      <h2 id="totp-heading">{t('identity.twoFactor')}</h2>
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : status.data.enabled ? (
        <DisableForm left={status.data.recoveryCodesLeft} />
      ) : (
        <SetUp onConfirmed={setRecoveryCodes} />
      )}
    </section>
  );
}

function SetUp({ onConfirmed }: { onConfirmed: (codes: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const [code, setCode] = useState('');
  const fields = fieldMessages(confirm.error, t, i18n.language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code, { onSuccess: (answer) => onConfirmed(answer.recoveryCodes) });
  };
  if (!start.data)
    return (
      <div className="form">
        <p className="muted">{t('identity.off')}</p>
        <div className="inline">
          <button type="button" className="btn" onClick={() => start.mutate()} disabled={start.isPending}>
            {t('identity.setUp')}
          </button>
        </div>
        {start.isError && (
          <p className="field-error" role="alert">
            {errorMessage(start.error, t)}
          </p>
        )}
      </div>
    );
  return (
    <form className="form" onSubmit={submit}>
      <p>{t('identity.setUpHint')}</p>
      <div className="field">
        <label htmlFor="totp-secret">{t('identity.secret')}</label>
        <input id="totp-secret" readOnly value={start.data.secret.replace(/(.{4})/g, '$1 ').trim()} onFocus={(e) => e.target.select()} />
      </div>
      <p className="hint">
        <a href={start.data.otpauthUrl}>{t('identity.openInApp')}</a>
      </p>
      <div className="field">
        <label htmlFor="totp-code">{t('identity.code')}</label>
        <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="totp-code-error" />
        <FieldError id="totp-code-error" message={fields.code} />
      </div>
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={confirm.isPending}>
          {t('identity.confirm')}
        </button>
      </div>
      {confirm.isError && !Object.keys(fields).length && (
        <p className="field-error" role="alert">
          {errorMessage(confirm.error, t)}
        </p>
      )}
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form">
      <p role="status">{t('identity.enabledNow')}</p>
      <p>{t('identity.recoveryHint')}</p>
      <ul aria-label={t('identity.recoveryCodes')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="inline">
        <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(codes.join('\n'))}>
          {t('identity.copyCodes')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t('identity.codesSaved')}
        </button>
      </div>
    </div>
  );
}

function DisableForm({ left }: { left: number }) {
  const { t, i18n } = useTranslation();
  const disable = useDisableTotp();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const fields = fieldMessages(disable.error, t, i18n.language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate({ password, code });
  };
  return (
    <form className="form" onSubmit={submit}>
      <p>{t('identity.on', { count: left })}</p>
      <div className="field">
        <label htmlFor="totp-off-password">{t('profile.currentPassword')}</label>
        <input id="totp-off-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <FieldError id="totp-off-password-error" message={fields.password} />
      </div>
      <div className="field">
        <label htmlFor="totp-off-code">{t('identity.codeOrRecovery')}</label>
        <input id="totp-off-code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <FieldError id="totp-off-code-error" message={fields.code} />
      </div>
      <div className="inline">
        <button type="submit" className="btn btn-danger" disabled={disable.isPending}>
          {t('identity.disable')}
        </button>
      </div>
      {disable.isError && !Object.keys(fields).length && (
        <p className="field-error" role="alert">
          {errorMessage(disable.error, t)}
        </p>
      )}
    </form>
  );
}
