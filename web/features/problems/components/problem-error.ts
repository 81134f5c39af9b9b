import i18next from 'i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorText } from '../../../lib/error-text.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A problem write's error in the reader's language, naming the tickets at fault: the server's
 * field texts ("Unknown: #12, #13.", "#12 belongs to P-3.") carry the numbers.
 */
export function problemErrorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const tickets = error.fields.ticketIds;
    if (tickets && error.code === 'invalid_input') return t('problems.errors.unknownTickets', { numbers: (tickets.match(/#\d+/g) ?? []).join(', ') });
    if (tickets && error.code === 'conflict') {
      const [, ticket, problem] = /^(#\d+) belongs to (P-\d+)/.exec(tickets) ?? [];
      if (ticket && problem) return t('problems.errors.taken', { ticket, problem });
    }
    if (error.code === 'invalid_input' && (error.fields.rootCause || error.fields.workaround)) return t('problems.knownErrorHint');
    if (error.code === 'stale_version') return t('problems.stale');
  }
  return errorText(error, t, i18next.language);
}
