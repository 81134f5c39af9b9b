import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { type TextKind, useSaveText, useTexts } from '../api/macros.ts';
import { TextForm } from '../components/text-form.tsx';

/**
 * Macros and snippets: "mine" (every agent, personal) and "shared" (admins manage them; agents
 * see what is offered to them). /agent/macros?scope=shared is the admins' screen.
 */
export default function MacrosPage() {
  const { t } = useTranslation();
  const me = useQueryClient().getQueryData<SessionUser>(['session']);
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'shared' ? 'shared' : 'personal';
  return (
    <div className="page">
      <h1>{scope === 'shared' ? t('macros.sharedTitle') : t('macros.title')}</h1>
      <div className="composer-tabs" role="radiogroup" aria-label={t('macros.scope')}>
        {(['personal', 'shared'] as const).map((s) => (
          <button key={s} type="button" role="radio" aria-checked={scope === s} className={scope === s ? 'on' : ''} onClick={() => setParams(s === 'shared' ? { scope: s } : {})}>
            {t(`macros.${s}`)}
          </button>
        ))}
      </div>
      <p className="hint">{scope === 'shared' ? t('macros.sharedHint') : t('macros.personalHint')}</p>
      <TextList kind="macros" scope={scope} canAdd={scope === 'personal' || me?.role === 'admin'} />
      <TextList kind="snippets" scope={scope} canAdd={scope === 'personal' || me?.role === 'admin'} />
    </div>
  );
}

function TextList({ kind, scope, canAdd }: { kind: TextKind; scope: 'personal' | 'shared'; canAdd: boolean }) {
  const { t } = useTranslation();
  const list = useTexts(kind);
  const remove = useSaveText(kind);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const items = (list.data ?? []).filter((i) => i.scope === scope);
  return (
    <section className="card" aria-labelledby={`${kind}-title`} data-texts={kind}>
      <h2 id={`${kind}-title`}>{t(`macros.${kind}`)}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={t('macros.empty')} />
      ) : (
        <ul className="text-list">
          {items.map((item) =>
            editing === item.id ? (
              <li key={item.id}>
                <TextForm kind={kind} scope={scope} item={item} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={item.id}>
                <strong>{item.name}</strong>
                {item.editable && (
                  <>
                    {' '}
                    <button type="button" className="btn-link" onClick={() => setEditing(item.id)}>
                      {t('macros.edit')}
                      <span className="visually-hidden">: {item.name}</span>
                    </button>{' '}
                    <button type="button" className="btn-link" onClick={() => remove.mutate({ id: item.id, remove: true })}>
                      {t('macros.delete')}
                      <span className="visually-hidden">: {item.name}</span>
                    </button>
                  </>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {canAdd &&
        (editing === 'new' ? (
          <TextForm kind={kind} scope={scope} onDone={() => setEditing(null)} />
        ) : (
          <button type="button" className="btn" onClick={() => setEditing('new')}>
            {t('macros.add')}: {t(`macros.${kind}`)}
          </button>
        ))}
    </section>
  );
}
