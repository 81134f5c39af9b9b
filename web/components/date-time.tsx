import { useQueryClient } from '@tanstack/react-query';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { useViewerLocale } from '../lib/use-viewer-locale.ts';
import type { SessionUser } from '../../shared/contracts/auth.ts';

/** A time in the viewer's language and time zone; the full date on hover and for screen readers. */
export function DateTime({ iso, relative = false }: { iso: string; relative?: boolean }) {
  const locale = useViewerLocale();
  const user = useQueryClient().getQueryData<SessionUser | null>(['session']);
  const zone = user?.timeZone;
  const full = formatDateTime(iso, locale, zone, 'long');
  return (
    <time dateTime={iso} title={full}>
      {relative ? formatRelative(iso, locale) : formatDateTime(iso, locale, zone)}
    </time>
  );
}
