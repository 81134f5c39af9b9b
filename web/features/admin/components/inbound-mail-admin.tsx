import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { INBOUND_MAIL_STATES, type InboundMailState } from '../../../../shared/contracts/mail-admin.ts';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, errorMessage, Loading } from '../../../components/states.tsx';
import { useInboundMails, useReprocessInboundMail } from '../api/mail-admin.ts';

/** Every received mail with what became of it and why; ignored and failed mail can be processed again. */
export function InboundMailAdmin() {
  const { t } = useTranslation();
  const [state, setState] = useState<InboundMailState | ''>('');
  const mails = useInboundMails(state);
  const reprocess = useReprocessInboundMail();
  const rows = mails.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="inbound-title">
      <h1 id="inbound-title">{t('mailAdmin.inbound')}</h1>
      <p className="muted">{t('mailAdmin.inboundIntro')}</p>
      <div className="field">
        <label htmlFor="inbound-state">{t('mailAdmin.state')}</label>
        <select id="inbound-state" value={state} onChange={(e) => setState(e.target.value as InboundMailState | '')}>
          <option value="">{t('mailAdmin.allStates')}</option>
          {INBOUND_MAIL_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`mailAdmin.states.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {reprocess.isError && (
        <p role="alert" className="field-error">
          {errorMessage(reprocess.error, t)}
        </p>
      )}
      {reprocess.isSuccess && <p role="status">{t('mailAdmin.reprocessed', { state: t(`mailAdmin.states.${reprocess.data.state}`) })}</p>}
      {mails.isPending ? (
        <Loading />
      ) : mails.isError ? (
        <ErrorState error={mails.error} onRetry={() => void mails.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('mailAdmin.received')}</th>
                <th scope="col">{t('mailAdmin.from')}</th>
                <th scope="col">{t('mailAdmin.subject')}</th>
                <th scope="col">{t('mailAdmin.state')}</th>
                <th scope="col">{t('mailAdmin.reason')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('mailAdmin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((mail) => (
                <tr key={mail.id}>
                  <td>
                    <DateTime iso={mail.receivedAt} />
                  </td>
                  <td>{mail.from ?? '—'}</td>
                  <td>
                    {mail.subject || <span className="muted">{t('mailAdmin.noSubject')}</span>}
                    <div className="muted small">
                      <code>{mail.messageId}</code>
                    </div>
                  </td>
                  <td>
                    {t(`mailAdmin.states.${mail.state}`)}
                    {mail.ticketId !== null && (
                      <>
                        {' '}
                        · <Link to={`/agent/tickets/${mail.ticketId}`}>#{mail.ticketId}</Link>
                      </>
                    )}
                  </td>
                  <td className="small">{mail.reason ?? '—'}</td>
                  <td>
                    {mail.reprocessable && (
                      <button type="button" className="btn btn-small" disabled={reprocess.isPending} onClick={() => reprocess.mutate(mail.id)}>
                        {t('mailAdmin.reprocess')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mails.hasNextPage && (
        <button type="button" className="btn" onClick={() => void mails.fetchNextPage()}>
          {t('tickets.loadMore')}
        </button>
      )}
    </section>
  );
}
