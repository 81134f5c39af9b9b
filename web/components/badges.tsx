import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return <span className={`prio prio-${priority}`}>{t(`priority.${priority}`)}</span>;
}
