import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FilePicker } from '../../../components/file-picker.tsx';
import { Markdown } from '../../../components/markdown.tsx';
import { errorMessage } from '../../../components/states.tsx';
import { uploadAttachments } from '../../../lib/attachments.ts';
import { useSignature } from '../../../lib/reference-data.ts';
import { useDraft } from '../../../lib/use-draft.ts';
import { useAddMessage } from '../api/tickets.ts';
import { ArticlePicker } from './article-picker.tsx';
import { MacroSnippetBar, type MacroSnippetBarHandle } from './macro-snippet-bar.tsx';

export type ComposerMode = 'reply' | 'note';
export interface ComposerHandle {
  focus: (mode: ComposerMode) => void;
}

interface Props {
  ticketId: number;
  /** False where only internal notes are allowed (the ticket's abilities). */
  canReply: boolean;
  /** Asked before sending: false when the ticket changed since it was opened and the agent wants to review. */
  confirmSend: () => Promise<boolean>;
  onTyping: (typing: boolean) => void;
  onSent: () => void;
  /** The ticket version the agent sees: macros apply to it. */
  version: number;
}

const STATUS_AFTER = ['', 'open', 'pending', 'resolved', 'closed'] as const;

/** A text put into a draft: at the cursor (where "::" was typed) or as a new paragraph at the end. */
function withInserted(body: string, text: string, at: number | null): string {
  if (at !== null && at <= body.length) return body.slice(0, at) + text + body.slice(at);
  return body.trim() ? `${body.trimEnd()}\n\n${text}` : text;
}

/** Reply or internal note, Markdown with preview, files by picker or drag and drop; the draft survives failures. */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ ticketId, canReply, confirmSend, onTyping, onSent, version }, ref) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ComposerMode>(canReply ? 'reply' : 'note');
  // After escalating, the agent may only write notes: the composer follows at once.
  useEffect(() => {
    if (!canReply) setMode('note');
  }, [canReply]);
  const [body, setBody, clearBody] = useDraft(`anlauf:draft:${ticketId}:${mode}`);
  const [preview, setPreview] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [statusAfter, setStatusAfter] = useState<(typeof STATUS_AFTER)[number]>('');
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const [picking, setPicking] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const texts = useRef<MacroSnippetBarHandle>(null);
  // Where "::" was typed: the snippet goes there.
  const insertAt = useRef<number | null>(null);
  const add = useAddMessage(ticketId);
  const signature = useSignature().data ?? '';

  useImperativeHandle(ref, () => ({
    focus: (next) => {
      setMode(canReply ? next : 'note');
      setPreview(false);
      setTimeout(() => textarea.current?.focus(), 0);
    },
  }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    if (!(await confirmSend())) return;
    setUploadError(null);
    let attachmentIds: number[] = [];
    try {
      attachmentIds = (await uploadAttachments(ticketId, files)).map((a) => a.id);
    } catch (error) {
      setUploadError(error);
      return;
    }
    // The signature goes below public replies only, once.
    const text = mode === 'reply' && signature && !body.includes(signature) ? `${body.trimEnd()}\n\n-- \n${signature}` : body;
    add.mutate(
      { body: text, internal: mode === 'note', ...(statusAfter && canReply ? { status: statusAfter } : {}), ...(attachmentIds.length ? { attachmentIds } : {}) },
      {
        onSuccess: () => {
          clearBody();
          setFiles([]);
          setStatusAfter('');
          setPreview(false);
          onTyping(false);
          onSent();
        },
      },
    );
  };

  const insertText = (text: string, asReply: boolean) => {
    if (asReply && mode !== 'reply' && canReply) {
      // The reply's draft is another stored text: write it there, then show it.
      const key = `anlauf:draft:${ticketId}:reply`;
      try {
        localStorage.setItem(key, withInserted(localStorage.getItem(key) ?? '', text, null));
      } catch {
        // Storage disabled: the text is lost with the switch; the agent can apply the macro again.
      }
      setMode('reply');
    } else {
      setBody(withInserted(body, text, insertAt.current));
    }
    insertAt.current = null;
    setPreview(false);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    setFiles((f) => [...f, ...Array.from(event.dataTransfer.files)]);
  };

  const error = uploadError ?? add.error;
  return (
    <form
      className={`composer composer-${mode} ${dragging ? 'dragging' : ''}`}
      onSubmit={(e) => void submit(e)}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="composer-tabs" role="radiogroup" aria-label={t('composer.kind')}>
        {canReply && (
          <button type="button" role="radio" aria-checked={mode === 'reply'} className={mode === 'reply' ? 'on' : ''} onClick={() => setMode('reply')} aria-keyshortcuts="r">
            {t('composer.reply')}
          </button>
        )}
        <button type="button" role="radio" aria-checked={mode === 'note'} className={mode === 'note' ? 'on' : ''} onClick={() => setMode('note')} aria-keyshortcuts="n">
          {t('composer.note')}
        </button>
        <button type="button" className="btn-link composer-preview" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? t('composer.edit') : t('composer.preview')}
        </button>
        <button type="button" className="btn-link" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
          {t('kb.insertArticle')}
        </button>
      </div>
      <MacroSnippetBar ref={texts} ticketId={ticketId} version={version} canApplyMacros={canReply} onInsert={insertText} onClosed={() => setTimeout(() => textarea.current?.focus(), 0)} />
      {picking && (
        <ArticlePicker
          ticketId={ticketId}
          onInsert={(text) => {
            setBody(body.trim() ? `${body.trimEnd()}\n\n${text}` : text);
            setPicking(false);
            setPreview(false);
          }}
        />
      )}
      {mode === 'note' && <p className="composer-hint">{t('composer.noteHint')}</p>}
      {mode === 'reply' && signature && <p className="hint">{t('composer.signatureAdded')}</p>}
      <label htmlFor="composer-body" className="visually-hidden">
        {mode === 'reply' ? t('composer.reply') : t('composer.note')}
      </label>
      {preview ? (
        <div className="composer-previewbox">{body.trim() ? <Markdown text={body} /> : <p className="muted">{t('composer.nothingToPreview')}</p>}</div>
      ) : (
        <textarea
          id="composer-body"
          ref={textarea}
          rows={6}
          value={body}
          placeholder={mode === 'reply' ? t('composer.replyPlaceholder') : t('composer.notePlaceholder')}
          onChange={(e) => {
            const value = e.target.value;
            const cursor = e.target.selectionStart;
            // "::" opens the snippet list; the snippet replaces it.
            if (value.slice(cursor - 2, cursor) === '::') {
              insertAt.current = cursor - 2;
              setBody(value.slice(0, cursor - 2) + value.slice(cursor));
              texts.current?.openSnippets();
              return;
            }
            setBody(value);
            onTyping(value.length > 0);
          }}
          onBlur={() => onTyping(false)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
            if (e.key === 'Escape') textarea.current?.blur();
          }}
        />
      )}
      <div className="composer-actions">
        <FilePicker files={files} onChange={setFiles} />
        <span className="muted small">{t('composer.dropHint')}</span>
        <span className="spacer" />
        {/* Who may only write notes (they follow an escalated ticket) changes no status either. */}
        {canReply && (
          <>
            <label htmlFor="composer-status">{t('composer.andSet')}</label>
            <select id="composer-status" value={statusAfter} onChange={(e) => setStatusAfter(e.target.value as (typeof STATUS_AFTER)[number])}>
              {STATUS_AFTER.map((s) => (
                <option key={s} value={s}>
                  {s ? t(`status.${s}`) : t('composer.keepStatus')}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" className="btn btn-primary" disabled={add.isPending || !body.trim()}>
          {add.isPending ? t('common.sending') : mode === 'reply' ? t('composer.sendReply') : t('composer.saveNote')}
        </button>
      </div>
      {Boolean(error) && (
        <p className="field-error" role="alert">
          {errorMessage(error, t)} {t('composer.draftKept')}
        </p>
      )}
    </form>
  );
});
