import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../../shared/contracts/webhooks.ts';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { fieldMessages } from '../../../lib/error-text.ts';
import { useSaveWebhook, type Webhook } from '../api/identity-admin.ts';

/** Create a webhook, or change one (an empty secret keeps the current one). */
export function WebhookForm({ webhook, onDone }: { webhook: Webhook | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const save = useSaveWebhook();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(webhook?.events ?? ['ticket.created']);
  const [secret, setSecret] = useState('');
  const [active, setActive] = useState(webhook?.active ?? true);
  const [includeInternal, setIncludeInternal] = useState(webhook?.includeInternal ?? false);
  const fields = fieldMessages(save.error, t, i18n.language);
  const prefix = `webhook-${webhook?.id ?? 'new'}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { url, events, active, includeInternal };
    const done = {
      onSuccess: () => {
        setSecret('');
        if (!webhook) setUrl('');
        onDone();
      },
    };
    if (webhook) save.mutate({ id: webhook.id, changes: { ...common, ...(secret ? { secret } : {}) } }, done);
    else save.mutate({ id: null, changes: { ...common, secret } }, done);
  };
  const toggle = (e: WebhookEvent, on: boolean) => setEvents(on ? [...events.filter((x) => x !== e), e] : events.filter((x) => x !== e));

  return (
    <form className="add-form" onSubmit={submit} aria-label={webhook ? t('identity.edit') : t('identity.add')} noValidate>
      <div className="field" style={{ flexBasis: '100%' }}>
        <label htmlFor={`${prefix}-url`}>{t('identity.url')}</label>
        <input id={`${prefix}-url`} type="url" required placeholder="https://example.com/anlauf" value={url} onChange={(e) => setUrl(e.target.value)} />
        <FieldError id={`${prefix}-url-error`} message={fields.url} />
      </div>
      <fieldset className="field" style={{ flexBasis: '100%', border: 'none', padding: 0, margin: 0 }}>
        <legend>{t('identity.events')}</legend>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1rem' }}>
          {WEBHOOK_EVENTS.map((e) => (
            <label key={e} className="check">
              <input type="checkbox" checked={events.includes(e)} onChange={(ev) => toggle(e, ev.target.checked)} />
              {t(`identity.event.${e}`)}
            </label>
          ))}
        </div>
        <FieldError id={`${prefix}-events-error`} message={fields.events} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${prefix}-secret`}>{webhook ? t('identity.secretKeep') : t('identity.secretLabel')}</label>
        <input id={`${prefix}-secret`} type="password" autoComplete="off" required={!webhook} value={secret} onChange={(e) => setSecret(e.target.value)} />
        <FieldError id={`${prefix}-secret-error`} message={fields.secret} />
      </div>
      <label className="check">
        <input type="checkbox" checked={includeInternal} onChange={(e) => setIncludeInternal(e.target.checked)} />
        {t('identity.includeInternal')}
      </label>
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        {t('identity.active')}
      </label>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {webhook ? t('common.save') : t('identity.add')}
      </button>
      {webhook && (
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      )}
      {save.isError && !Object.keys(fields).length && (
        <p className="field-error" role="alert">
          {errorMessage(save.error, t)}
        </p>
      )}
    </form>
  );
}
