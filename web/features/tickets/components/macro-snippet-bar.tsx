import { forwardRef, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { renderSnippet, useApplyMacro, useMacros, useSnippets } from '../api/macros.ts';
import { TextPicker } from './text-picker.tsx';

export interface MacroSnippetBarHandle {
  openSnippets: () => void;
}

interface Props {
  ticketId: number;
  /** The version the agent sees: a macro applies to it or is refused (409). */
  version: number;
  canApplyMacros: boolean;
  /** `asReply`: a macro's reply goes into the reply, whatever is open. */
  onInsert: (text: string, asReply: boolean) => void;
  onClosed: () => void;
}

/** The composer's "apply macro" and "insert snippet" buttons with their searchable lists. */
export const MacroSnippetBar = forwardRef<MacroSnippetBarHandle, Props>(function MacroSnippetBar({ ticketId, version, canApplyMacros, onInsert, onClosed }, ref) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'macros' | 'snippets' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const macros = useMacros(open === 'macros');
  const snippets = useSnippets(open === 'snippets');
  const apply = useApplyMacro(ticketId);
  useImperativeHandle(ref, () => ({ openSnippets: () => setOpen('snippets') }));

  const close = () => {
    setOpen(null);
    onClosed();
  };
  const pickSnippet = async (id: number) => {
    setError(null);
    try {
      const rendered = await renderSnippet(id, ticketId);
      onInsert(rendered.text, false);
      close();
    } catch (e) {
      setError(e);
    }
  };
  const pickMacro = (id: number) => {
    setError(null);
    const macro = macros.data?.find((m) => m.id === id);
    apply.mutate(
      { macroId: id, version },
      {
        onSuccess: (result) => {
          if (result.reply) onInsert(result.reply.text, true);
          setNotice(t('macros.applied', { name: macro?.name ?? '' }));
          close();
        },
        onError: setError,
      },
    );
  };

  return (
    <div className="macro-snippet-bar">
      <div className="composer-tools">
        {canApplyMacros && (
          <button type="button" className="btn-link" aria-expanded={open === 'macros'} onClick={() => setOpen(open === 'macros' ? null : 'macros')}>
            {t('macros.applyMacro')}
          </button>
        )}
        <button
          type="button"
          className="btn-link"
          aria-expanded={open === 'snippets'}
          aria-keyshortcuts="::"
          title={t('macros.shortcutHint')}
          onClick={() => setOpen(open === 'snippets' ? null : 'snippets')}
        >
          {t('macros.insertSnippet')}
        </button>
      </div>
      {open === 'macros' && (
        <TextPicker label={t('macros.macros')} items={(macros.data ?? []).map((m) => ({ id: m.id, name: m.name, detail: m.replyDe || m.replyEn }))} onPick={pickMacro} onClose={close} />
      )}
      {open === 'snippets' && (
        <TextPicker
          label={t('macros.snippets')}
          items={(snippets.data ?? []).map((s) => ({ id: s.id, name: s.name, detail: s.bodyDe || s.bodyEn }))}
          onPick={(id) => void pickSnippet(id)}
          onClose={close}
        />
      )}
      {notice && (
        <p className="hint" role="status">
          {notice}
        </p>
      )}
      {Boolean(error) && (
        <p className="field-error" role="alert">
          {errorMessage(error, t)}
        </p>
      )}
    </div>
  );
});
