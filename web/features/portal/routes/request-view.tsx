import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { FilePicker } from '../../../components/file-picker.tsx';
import { MessageBody } from '../../../components/message-body.tsx';
import { ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { uploadAttachments } from '../../../lib/attachments.ts';
import { formatBytes } from '../../../lib/format.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { useDraft } from '../../../lib/use-draft.ts';
import { requestOptions, useReply, useRequestMessages, useSetRequestStatus } from '../api/requests.ts';
import { RatingForm } from '../components/rating-form.tsx';
import { PaperclipIcon } from '../../../components/icons.tsx';

export default function RequestView() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const me = useQueryClient().getQueryData<SessionUser>(['session'])!;
  const ticket = useQuery(requestOptions(id));
  const messages = useRequestMessages(id);
  const setStatus = useSetRequestStatus(id);

  if (ticket.isPending) return <Loading />;
  if (ticket.isError)
    return (
      <div className="page">
        <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />
      </div>
    );
  const data = ticket.data;
  // What the requester may do comes from the server's policy (reopen window, merged tickets).
  const can = data.abilities;

  return (
    <div className="page page-narrow">
      <nav className="breadcrumb" aria-label={t('ticket.breadcrumb')}>
        <Link to="/portal">{t('portal.myRequests')}</Link> › #{data.id}
      </nav>
      <h1>{data.subject}</h1>
      <p className="ticket-meta">
        <StatusBadge status={data.status} />
        <span className="muted">
          #{data.id} · {t('ticket.openedAt')} <DateTime iso={data.createdAt} />
        </span>
        {data.category && <span className="muted">· {data.category.name}</span>}
      </p>
      {can?.rate && <RatingForm ticketId={id} />}
      {messages.isPending ? (
        <Loading />
      ) : messages.isError ? (
        <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
      ) : (
        <ol className="timeline" aria-label={t('ticket.conversation')}>
          {messages.data.map((m) => (
            <li key={m.id} className={`message ${m.author.id === me.id ? 'message-own' : 'message-public'}`} data-message-id={m.id}>
              <div className="message-head">
                <span className="avatar" aria-hidden="true">
                  {m.author.name.slice(0, 1).toUpperCase()}
                </span>
                <strong>{m.author.id === me.id ? t('portal.you') : m.author.name}</strong>
                {m.author.id !== me.id && <span className="badge status-new">{t('portal.support')}</span>}
                <span className="muted">
                  <DateTime iso={m.createdAt} />
                </span>
              </div>
              <MessageBody body={m.body} format={m.format} />
              {m.attachments.length > 0 && (
                <ul className="attachments" aria-label={t('ticket.attachments')}>
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/api/v1/attachments/${a.id}`} download={a.filename}>
                        <PaperclipIcon /> {a.filename}
                      </a>{' '}
                      <span className="muted">({formatBytes(a.size, i18n.language)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {can?.reply && <ReplyForm ticketId={id} />}
      <div className="card request-actions">
        {can?.statuses.includes('open') && (
          <button type="button" className="btn" onClick={() => setStatus.mutate({ status: 'open', version: data.version })} disabled={setStatus.isPending}>
            {t('portal.reopen')}
          </button>
        )}
        {can?.statuses.includes('closed') && data.status !== 'resolved' && (
          <>
            <span className="muted">{t('portal.closeHint')}</span>
            <button type="button" className="btn" onClick={() => setStatus.mutate({ status: 'closed', version: data.version })} disabled={setStatus.isPending}>
              {t('portal.close')}
            </button>
          </>
        )}
        {!can?.reply && !can?.statuses.length && <span className="muted">{t('portal.closedForGood')}</span>}
        {setStatus.isError && (
          <p className="field-error" role="alert">
            {errorMessage(setStatus.error, t)}
          </p>
        )}
      </div>
    </div>
  );
}

function ReplyForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const [body, setBody, clear] = useDraft(`anlauf:draft:portal:${ticketId}`);
  const [files, setFiles] = useState<File[]>([]);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const reply = useReply(ticketId);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUploadError(null);
    let attachmentIds: number[] = [];
    try {
      attachmentIds = (await uploadAttachments(ticketId, files)).map((a) => a.id);
    } catch (error) {
      setUploadError(error);
      return;
    }
    reply.mutate(
      { body, ...(attachmentIds.length ? { attachmentIds } : {}) },
      {
        onSuccess: () => {
          clear();
          setFiles([]);
        },
      },
    );
  };
  const error = uploadError ?? reply.error;
  return (
    <form className="composer" onSubmit={(e) => void submit(e)}>
      <label htmlFor="portal-reply" className="label">
        {t('portal.yourReply')}
      </label>
      <textarea id="portal-reply" rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
      <div className="composer-actions">
        <FilePicker files={files} onChange={setFiles} />
        <span className="spacer" />
        <button type="submit" className="btn btn-primary" disabled={reply.isPending || !body.trim()}>
          {reply.isPending ? t('common.sending') : t('portal.sendReply')}
        </button>
      </div>
      {Boolean(error) && (
        <p className="field-error" role="alert">
          {errorMessage(error, t)} {t('composer.draftKept')}
        </p>
      )}
    </form>
  );
}
