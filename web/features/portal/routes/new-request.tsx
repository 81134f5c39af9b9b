import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { FilePicker } from '../../../components/file-picker.tsx';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { api } from '../../../lib/api-client.ts';
import { fieldMessages } from '../../../lib/error-text.ts';
import { uploadAttachments } from '../../../lib/attachments.ts';
import { ActiveCategoryOptions } from '../../../components/category-options.tsx';
import { useDraft } from '../../../lib/use-draft.ts';
import { recordKbEvent, useArticleSuggestions } from '../../../lib/knowledge.ts';
import { messageSchema } from '../../../../shared/contracts/messages.ts';
import { createdSchema } from '../../../../shared/contracts/knowledge.ts';
import { useCreateRequest, useSimilarRequests } from '../api/requests.ts';

export default function NewRequest() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [subject, setSubject, clearSubject] = useDraft('anlauf:draft:new-request:subject');
  const [body, setBody, clearBody] = useDraft('anlauf:draft:new-request:body');
  const [categoryId, setCategoryId] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [debounced, setDebounced] = useState(subject);
  const [params] = useSearchParams();
  // "Still need help?" in the help center arrives with the search text as the subject.
  useEffect(() => {
    const prefill = params.get('subject');
    if (prefill && !subject) setSubject(prefill);
  }, []);
  const [debouncedBody, setDebouncedBody] = useState(body);
  const [deflected, setDeflected] = useState(false);
  const articles = useArticleSuggestions(`${debounced}\n${debouncedBody}`.trim());
  const shownKey = (articles.data ?? []).map((a) => a.id).join(',');
  useEffect(() => {
    for (const a of articles.data ?? []) void recordKbEvent({ kind: 'shown', articleId: a.id, query: debounced });
    // Once per distinct set of suggestions, not per keystroke.
  }, [shownKey]);
  const create = useCreateRequest();
  const similar = useSimilarRequests(debounced);
  const [attachError, setAttachError] = useState<unknown>(null);
  const fields = fieldMessages(create.error, t, i18n.language);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(subject), 250);
    return () => clearTimeout(timer);
  }, [subject]);
  useEffect(() => {
    const timer = setTimeout(() => setDebouncedBody(body), 400);
    return () => clearTimeout(timer);
  }, [body]);

  /** "This solved my problem": a deflected request; no ticket is created and the draft goes. */
  const solved = async (articleId: number) => {
    await recordKbEvent({ kind: 'deflected', articleId, query: `${subject}\n${body}`.trim() });
    await api(`/kb/articles/${articleId}/feedback`, { method: 'POST', body: { helpful: true }, schema: createdSchema }).catch(() => undefined);
    clearSubject();
    clearBody();
    setDeflected(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setAttachError(null);
    try {
      const ticket = await create.mutateAsync({ subject, body, categoryId: categoryId ? Number(categoryId) : null });
      clearSubject();
      clearBody();
      if (files.length > 0) {
        try {
          const uploaded = await uploadAttachments(ticket.id, files);
          await api(`/tickets/${ticket.id}/messages`, {
            method: 'POST',
            schema: messageSchema,
            body: { body: t('portal.attachedFiles', { names: uploaded.map((a) => a.filename).join(', ') }), attachmentIds: uploaded.map((a) => a.id) },
          });
        } catch (error) {
          setAttachError(error);
        }
      }
      void navigate('/portal', { state: { created: ticket.id } });
    } catch {
      // The error is shown from the mutation; the draft stays.
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-narrow">
      <nav className="breadcrumb" aria-label={t('ticket.breadcrumb')}>
        <Link to="/portal">{t('portal.myRequests')}</Link> › {t('portal.newRequest')}
      </nav>
      <h1>{t('portal.newRequest')}</h1>
      {deflected && (
        <p className="alert alert-success" role="status">
          {t('kb.deflected')} <Link to="/portal">{t('portal.myRequests')}</Link>
        </p>
      )}
      <form className="form card" onSubmit={(e) => void submit(e)} noValidate>
        {create.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(create.error, t)} {t('composer.draftKept')}
          </p>
        )}
        {Boolean(attachError) && (
          <p className="alert alert-error" role="alert">
            {errorMessage(attachError, t)}
          </p>
        )}
        <div className="field">
          <label htmlFor="request-subject">{t('portal.subject')}</label>
          <input id="request-subject" required maxLength={250} value={subject} onChange={(e) => setSubject(e.target.value)} aria-describedby="subject-hint subject-error" autoComplete="off" />
          <p className="hint" id="subject-hint">
            {t('portal.subjectHint')}
          </p>
          <FieldError id="subject-error" message={fields.subject} />
        </div>
        {similar.data && similar.data.length > 0 && (
          <div className="suggestions" role="region" aria-live="polite" aria-label={t('portal.similar')}>
            <strong>{t('portal.similar')}</strong>
            <ul>
              {similar.data.map((x) => (
                <li key={x.id}>
                  <Link to={`/portal/requests/${x.id}`}>{x.subject}</Link> <StatusBadge status={x.status} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {articles.data && articles.data.length > 0 && (
          <div className="suggestions kb-suggestions" role="region" aria-live="polite" aria-label={t('kb.suggestions')}>
            <strong>{t('kb.suggestions')}</strong>
            <ul>
              {articles.data.map((a) => (
                <li key={a.id}>
                  <a href={`/help/${a.slug}`} target="_blank" rel="noopener" lang={a.locale} onClick={() => void recordKbEvent({ kind: 'clicked', articleId: a.id, query: debounced })}>
                    {a.title}
                  </a>{' '}
                  <button type="button" className="btn btn-small" onClick={() => void solved(a.id)}>
                    {t('kb.solved')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="field">
          <label htmlFor="request-category">{t('portal.category')}</label>
          <select id="request-category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="">{t('portal.categoryNone')}</option>
            <ActiveCategoryOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor="request-body">{t('portal.description')}</label>
          <textarea id="request-body" required rows={8} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="body-hint body-error" />
          <p className="hint" id="body-hint">
            {t('portal.descriptionHint')}
          </p>
          <FieldError id="body-error" message={fields.body} />
        </div>
        <div className="field">
          <span className="label">{t('portal.attachments')}</span>
          <FilePicker files={files} onChange={setFiles} />
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy || !subject.trim() || !body.trim()}>
            {busy ? t('portal.submitting') : t('portal.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
