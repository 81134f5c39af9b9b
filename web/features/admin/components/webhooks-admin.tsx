import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { ErrorState, errorMessage, Loading } from '../../../components/states.tsx';
import { AdminTable, ConfirmDelete, RowButton } from './admin-table.tsx';
import { useDeleteWebhook, useTestWebhook, useWebhookDeliveries, useWebhooks, type Webhook } from '../api/identity-admin.ts';
import { WebhookForm } from './webhook-form.tsx';

/** Outgoing webhooks: the list, adding and changing one, its deliveries log and a test delivery. */
export function WebhooksAdmin() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const [editing, setEditing] = useState<number | null>(null);
  const [showing, setShowing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<(Webhook & { name: string }) | null>(null);
  const [notice, setNotice] = useState('');

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('identity.webhooks')}</h1>
      <p className="muted">{t('identity.webhooksIntro')}</p>
      <WebhookForm webhook={null} onDone={() => undefined} />
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {(remove.isError || test.isError) && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error ?? test.error, t)}
        </p>
      )}
      <div className="table-wrap">
        <AdminTable query={webhooks} empty={t('identity.none')} headers={[t('identity.url'), t('identity.events'), t('identity.active')]}>
          {(items) =>
            items.map((w) => (
              <Fragment key={w.id}>
                <tr>
                  <td style={{ wordBreak: 'break-all' }}>{w.url}</td>
                  <td>{w.events.map((e) => t(`identity.event.${e}`)).join(', ')}</td>
                  <td>{w.active ? t('identity.active') : t('identity.inactive')}</td>
                  <td>
                    <div className="inline" style={{ flexWrap: 'wrap' }}>
                      <RowButton label={t('identity.edit')} name={w.url} onClick={() => setEditing(editing === w.id ? null : w.id)} />
                      <button type="button" className="btn btn-small" onClick={() => setShowing(showing === w.id ? null : w.id)} aria-expanded={showing === w.id}>
                        {showing === w.id ? t('identity.hideDeliveries') : t('identity.deliveries')}
                      </button>
                      <RowButton
                        label={t('identity.test')}
                        name={w.url}
                        disabled={test.isPending}
                        onClick={() =>
                          test.mutate(w.id, {
                            onSuccess: () => {
                              setNotice(t('identity.testQueued'));
                              setShowing(w.id);
                            },
                          })
                        }
                      />
                      <RowButton label={t('identity.delete')} name={w.url} onClick={() => setDeleting({ ...w, name: w.url })} />
                    </div>
                  </td>
                </tr>
                {editing === w.id && (
                  <tr>
                    <td colSpan={4}>
                      <WebhookForm webhook={w} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
                {showing === w.id && (
                  <tr>
                    <td colSpan={4}>
                      <Deliveries id={w.id} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))
          }
        </AdminTable>
      </div>
      <ConfirmDelete
        item={deleting}
        title={t('identity.deleteTitle')}
        message={(url) => t('identity.deleteMessage', { url })}
        onConfirm={(w) => remove.mutate(w.id)}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}

function Deliveries({ id }: { id: number }) {
  const { t } = useTranslation();
  const deliveries = useWebhookDeliveries(id);
  if (deliveries.isPending) return <Loading />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.length === 0) return <p className="muted">{t('identity.noDeliveries')}</p>;
  return (
    <table className="data-table" aria-label={t('identity.deliveries')}>
      <thead>
        <tr>
          <th scope="col">{t('identity.time')}</th>
          <th scope="col">{t('identity.events')}</th>
          <th scope="col">{t('identity.attempt')}</th>
          <th scope="col">{t('identity.status')}</th>
          <th scope="col">{t('identity.duration')}</th>
          <th scope="col">{t('identity.error')}</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => (
          <tr key={d.id}>
            <td>
              <DateTime iso={d.createdAt} />
            </td>
            <td>{t(`identity.event.${d.event}`, { defaultValue: d.event })}</td>
            <td>{d.attempt}</td>
            <td>{d.ok ? `${d.statusCode} ${t('identity.ok')}` : (d.statusCode ?? '—')}</td>
            <td>{d.durationMs} ms</td>
            <td style={{ wordBreak: 'break-word' }}>{d.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
