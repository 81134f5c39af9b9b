import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { errorText } from '../../../lib/error-text.ts';
import type { ArticleDto } from '../../../../shared/contracts/knowledge.ts';
import { useArticleVersions, useRestoreVersion } from '../api/kb-authoring.ts';
import { VersionDiff } from './version-diff.tsx';

/** Earlier versions of an article: what each changed against the current text, and restoring one. */
export function ArticleHistory({ article, onRestored }: { article: ArticleDto; onRestored: (restored: ArticleDto) => void }) {
  const { t, i18n } = useTranslation();
  const versions = useArticleVersions(article.id);
  const restore = useRestoreVersion(article.id);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="card kb-history" aria-labelledby="kb-history-title">
      <h2 id="kb-history-title" className="h-small">
        {t('kbEditor.history')}
      </h2>
      <p className="small muted">{t('kbEditor.currentVersion', { version: article.version })}</p>
      {versions.data?.length === 0 && <p className="muted">{t('kbEditor.noVersions')}</p>}
      {restore.error && (
        <p className="alert alert-error" role="alert">
          {errorText(restore.error, t, i18n.language)}
        </p>
      )}
      <ul className="mini-list">
        {(versions.data ?? []).map((v) => (
          <li key={v.version}>
            <strong>{t('kbEditor.version', { version: v.version })}</strong> · <DateTime iso={v.createdAt} /> · {v.title}{' '}
            <button type="button" className="btn-link" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}>
              {t('kbEditor.showChanges')}
            </button>{' '}
            <button type="button" className="btn-link" disabled={restore.isPending} onClick={() => restore.mutate({ version: v.version, current: article.version }, { onSuccess: onRestored })}>
              {t('kbEditor.restore')}
            </button>
            {open === v.version && (
              <div>
                <VersionDiff before={v.title} after={article.title} label={t('kbEditor.title')} />
                <VersionDiff before={v.body} after={article.body} label={t('kbEditor.body')} />
                {v.status !== article.status && <p className="small">{t('kbEditor.statusChanged', { from: v.status, to: article.status })}</p>}
                {v.visibility !== article.visibility && <p className="small">{t('kbEditor.visibilityChanged', { from: v.visibility, to: article.visibility })}</p>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
