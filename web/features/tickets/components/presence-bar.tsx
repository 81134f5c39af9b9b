import { useTranslation } from 'react-i18next';
import type { PresenceEntry } from '../api/presence.ts';

/** "Anna is viewing", "Ben is typing…": so two agents do not answer the same ticket. */
export function PresenceBar({ entries, meId }: { entries: PresenceEntry[]; meId: number }) {
  const { t } = useTranslation();
  const others = entries.filter((e) => e.user.id !== meId);
  if (others.length === 0) return null;
  return (
    <ul className="presence" aria-label={t('presence.label')} aria-live="polite">
      {others.map((e) => (
        <li key={e.user.id} className={`presence-item presence-${e.state}`}>
          <span className="avatar avatar-small" aria-hidden="true">
            {e.user.name.slice(0, 1).toUpperCase()}
          </span>
          {t(e.state === 'typing' ? 'presence.typing' : 'presence.viewing', { name: e.user.name })}
        </li>
      ))}
    </ul>
  );
}
