import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import type { SessionUser } from '../../shared/contracts/auth.ts';

/** A time in the viewer's language and time zone; the full date on hover and for screen readers. */
export function DateTime({ iso, relative = false }: { iso: string; relative?: boolean }) {
  const { i18n } = useTranslation();
  const user = useQueryClient().getQueryData<SessionUser | null>(['session']);
  const zone = user?.timeZone;
  const full = formatDateTime(iso, i18n.language, zone, 'long');
  return (
    <time dateTime={iso} title={full}>
      {relative ? formatRelative(iso, i18n.language) : formatDateTime(iso, i18n.language, zone)}
    </time>
  );
}
