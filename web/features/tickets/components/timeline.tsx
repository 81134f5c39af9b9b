import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { Markdown } from '../../../components/markdown.tsx';
import { formatBytes } from '../../../lib/format.ts';
import type { MessageDto as Message } from '../../../../shared/contracts/messages.ts';
import type { HistoryEventDto as HistoryEvent } from '../../../../shared/contracts/tickets.ts';
import { buildTimeline } from './build-timeline.ts';
import { historyText } from './history-text.ts';

export function Timeline({ messages, history }: { messages: Message[]; history: HistoryEvent[] }) {
  const { t } = useTranslation();
  const entries = buildTimeline(messages, history);
  return (
    <ol className="timeline" aria-label={t('ticket.conversation')}>
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <MessageItem key={`m${entry.message.id}`} message={entry.message} />
        ) : (
          <li key={`h${entry.events[0]!.id}`} className="timeline-history">
            <details>
              <summary>{t('ticket.historyCount', { count: entry.events.length })} · <DateTime iso={entry.at} relative /></summary>
              <ul>
                {entry.events.map((e) => (
                  <li key={e.id}>
                    <strong>{e.actor?.name ?? t('ticket.system')}</strong>{' '}
                    {historyText(e, t)}{' '}
                    <span className="muted"><DateTime iso={e.createdAt} /></span>
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
    <li className={`message ${message.internal ? 'message-internal' : 'message-public'}`} data-message-id={message.id}>
      <div className="message-head">
        <span className="avatar" aria-hidden="true">{message.author.name.slice(0, 1).toUpperCase()}</span>
        <strong>{message.author.name}</strong>
        {message.internal && <span className="badge badge-internal">{t('ticket.internalNote')}</span>}
        <span className="muted"><DateTime iso={message.createdAt} /></span>
      </div>
      <Markdown text={message.body} className="message-body" />
      {message.attachments.length > 0 && (
        <ul className="attachments" aria-label={t('ticket.attachments')}>
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/v1/attachments/${a.id}`} download={a.filename}>📎 {a.filename}</a> <span className="muted">({formatBytes(a.size, i18n.language)})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
