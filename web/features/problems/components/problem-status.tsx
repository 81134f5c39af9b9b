import { useTranslation } from 'react-i18next';
import type { ProblemStatus } from '../api/problems.ts';

/** A problem's status as a badge, in the reader's language. */
export function ProblemStatusBadge({ status }: { status: ProblemStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge problem-status problem-status-${status}`} data-problem-status={status}>
      {t(`problems.statuses.${status}`)}
    </span>
  );
}
