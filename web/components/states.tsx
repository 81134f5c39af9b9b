import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {hint && <p className="muted">{hint}</p>}
    </div>
  );
}

/** An error with what the user can do about it. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t('common.errorTitle')}</p>
      <p>{errorMessage(error, t)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function errorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common.offline');
    if (error.status === 404) return t('common.notFound');
    if (error.status === 403) return t('common.forbidden');
    if (error.status === 429) return t('common.rateLimited');
    // The answer did not match its contract (shared/contracts); the details are in the console.
    if (error.code === 'invalid_response') return t('common.unexpected');
    return error.message;
  }
  return t('common.unexpected');
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
