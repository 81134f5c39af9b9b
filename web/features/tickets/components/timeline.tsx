import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { MessageBody } from '../../../components/message-body.tsx';
import { useQueryClient } from '@tanstack/react-query';
import { formatBytes, formatDateTime } from '../../../lib/format.ts';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { useGroups } from '../../../lib/reference-data.ts';
import type { MessageDto as Message } from '../../../../shared/contracts/messages.ts';
import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';
import { buildTimeline } from './build-timeline.ts';
import { historyText } from './history-text.ts';
import { PaperclipIcon } from '../../../components/icons.tsx';

export function Timeline({ messages, history }: { messages: Message[]; history: HistoryEvent[] }) {
  const { t } = useTranslation();
  const entries = buildTimeline(messages, history);
  const groups = useGroups(entries.some((e) => e.kind === 'escalation'));
  const locale = useViewerLocale();
  const zone = useQueryClient().getQueryData<SessionUser | null>(['session'])?.timeZone;
  const formatTime = (iso: string) => formatDateTime(iso, locale, zone);
  const groupName = (id: string | null) => groups.data?.find((g) => String(g.id) === id)?.name ?? (id ? `#${id}` : '—');
  return (
    <ol className="timeline" aria-label={t('ticket.conversation')}>
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <MessageItem key={`m${entry.message.id}`} message={entry.message} />
        ) : entry.kind === 'escalation' ? (
          <li key={`e${entry.event.id}`} className="timeline-escalation" data-escalation={entry.event.kind}>
            <div>
              <strong>{entry.event.actor?.name ?? t('ticket.system')}</strong>{' '}
              {t(`escalation.history.${entry.event.kind}`, { from: groupName(entry.event.oldValue), to: groupName(entry.event.newValue) })}{' '}
              <span className="muted">
                <DateTime iso={entry.at} />
              </span>
            </div>
            {entry.event.reason && <blockquote className="escalation-reason">{entry.event.reason}</blockquote>}
          </li>
        ) : (
          <li key={`h${entry.events[0]!.id}`} className="timeline-history">
            <details>
              <summary>
                {t('ticket.historyCount', { count: entry.events.length })} · <DateTime iso={entry.at} relative />
              </summary>
              <ul>
                {entry.events.map((e) => (
                  <li key={e.id}>
                    <strong>{e.actor?.name ?? t('ticket.system')}</strong> {historyText(e, t, formatTime)}{' '}
                    <span className="muted">
                      <DateTime iso={e.createdAt} />
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ),
      )}
    </ol>
  );
}

export function MessageItem({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  return (
    <li className={`message ${message.internal && !message.automatic ? 'message-internal' : 'message-public'}`} data-message-id={message.id}>
      <div className="message-head">
        <span className="avatar" aria-hidden="true">
          {message.author.name.slice(0, 1).toUpperCase()}
        </span>
        <strong>{message.author.name}</strong>
        {message.automatic ? <span className="badge badge-automatic">{t('ticket.automaticReply')}</span> : message.internal && <span className="badge badge-internal">{t('ticket.internalNote')}</span>}
        {message.senderVerified === false && (
          <span className="badge badge-unverified" title={t('ticket.unverifiedSenderHint')}>
            {t('ticket.unverifiedSender')}
          </span>
        )}
        <span className="muted">
          <DateTime iso={message.createdAt} />
        </span>
      </div>
      <MessageBody body={message.body} format={message.format} />
      {message.attachments.length > 0 && (
        <ul className="attachments" aria-label={t('ticket.attachments')}>
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/v1/attachments/${a.id}`} download={a.filename}>
                <PaperclipIcon /> {a.filename}
              </a>{' '}
              <span className="muted">({formatBytes(a.size, i18n.language)})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
