import { diffWordsWithSpace } from 'diff';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What changed between two texts, word by word (the `diff` library). React escapes every part,
 * so nothing in an article's Markdown is interpreted here.
 */
export function VersionDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffWordsWithSpace(before, after), [before, after]);
  if (!parts.some((p) => p.added || p.removed)) return null;
  return (
    <figure className="kb-diff">
      <figcaption className="small muted">{label}</figcaption>
      <pre>
        {parts.map((p, i) =>
          p.added ? (
            <ins key={i} title={t('kbEditor.added')}>
              {p.value}
            </ins>
          ) : p.removed ? (
            <del key={i} title={t('kbEditor.removed')}>
              {p.value}
            </del>
          ) : (
            <span key={i}>{p.value}</span>
          ),
        )}
      </pre>
    </figure>
  );
}
