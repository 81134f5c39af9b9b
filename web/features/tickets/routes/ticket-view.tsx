import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PriorityBadge, StatusBadge } from '../../../components/badges.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { isTyping } from '../../../lib/keyboard.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { useAnnouncePresence, usePresence } from '../api/presence.ts';
import { EscalationActions, type EscalationActionsHandle } from '../components/escalation-actions.tsx';
import { historyOptions, messagesOptions, ticketOptions, useUpdateTicket } from '../api/tickets.ts';
import { Composer, type ComposerHandle } from '../components/composer.tsx';
import { PresenceBar } from '../components/presence-bar.tsx';
import { RequesterCard } from '../components/requester-card.tsx';
import { TicketRating } from '../components/satisfaction-panel.tsx';
import { SidePanel } from '../components/side-panel.tsx';
import { TicketArticles } from '../components/ticket-articles.tsx';
import { Timeline } from '../components/timeline.tsx';
import { TicketProblemPanel } from '../../problems/components/ticket-problem-panel.tsx';

export default function TicketView() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const client = useQueryClient();
  const me = client.getQueryData<SessionUser>(['session'])!;
  const ticket = useQuery(ticketOptions(id));
  const messages = useQuery(messagesOptions(id));
  const history = useQuery(historyOptions(id));
  const presence = usePresence(id);
  const update = useUpdateTicket(id);
  const [typing, setTyping] = useState(false);
  const [question, setQuestion] = useState<((ok: boolean) => void) | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const escalation = useRef<EscalationActionsHandle>(null);
  useAnnouncePresence(id, typing);

  // What the agent has seen: changes by others after this moment (server time) trigger the warning.
  const seenUntil = useRef<string | null>(null);
  useEffect(() => {
    seenUntil.current = null;
  }, [id]);
  useEffect(() => {
    if (ticket.data && seenUntil.current === null) seenUntil.current = ticket.data.updatedAt;
  }, [ticket.data]);

  const confirmSend = useCallback(async () => {
    const since = seenUntil.current ?? '';
    const [fresh, freshHistory] = await Promise.all([client.fetchQuery({ ...messagesOptions(id), staleTime: 0 }), client.fetchQuery({ ...historyOptions(id), staleTime: 0 }).catch(() => [])]);
    const changedByOthers = fresh.some((m) => m.createdAt > since && m.author.id !== me.id) || freshHistory.some((e) => e.createdAt > since && e.actor?.id !== me.id);
    const ok = changedByOthers ? await new Promise<boolean>((resolve) => setQuestion(() => resolve)) : true;
    setQuestion(null);
    if (ok) seenUntil.current = new Date().toISOString();
    return ok;
  }, [client, id, me.id]);

  const onSent = useCallback(() => {
    void client.invalidateQueries({ queryKey: ['ticket', id] });
  }, [client, id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || !ticket.data || document.querySelector('dialog[open]')) return;
      const current = ticket.data;
      if (event.key === 'r') composer.current?.focus('reply');
      else if (event.key === 'n') composer.current?.focus('note');
      else if (event.key === 'a') update.mutate({ assigneeId: me.id, version: current.version });
      else if (event.key === 'e') update.mutate({ status: 'closed', version: current.version });
      else if (event.key === 'E' && current.abilities?.escalate) escalation.current?.open('escalate');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ticket.data, me.id, update]);

  if (ticket.isPending) return <Loading />;
  if (ticket.isError)
    return (
      <div className="page">
        <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />
      </div>
    );
  const data = ticket.data;

  return (
    <div className="page page-wide ticket-page">
      <nav aria-label={t('ticket.breadcrumb')} className="breadcrumb">
        <Link to="/agent/tickets">{t('shell.tickets')}</Link> › #{data.id}
      </nav>
      <div className="ticket-head">
        <h1>
          <span className="muted">#{data.id}</span> {data.subject}
        </h1>
        <div className="ticket-meta">
          <StatusBadge status={data.status} /> <PriorityBadge priority={data.priority} />
          <span className="muted">
            {t('ticket.openedAt')} <DateTime iso={data.createdAt} />
          </span>
          <span className="muted">{t('ticket.via', { channel: t(`channels.${data.channel}`, { defaultValue: data.channel }) })}</span>
        </div>
        <PresenceBar entries={presence.data ?? []} meId={me.id} />
        <EscalationActions ref={escalation} ticket={data} />
      </div>
      <div className="ticket-layout">
        <div className="ticket-main">
          {messages.isPending ? (
            <Loading />
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : (
            <Timeline messages={messages.data} history={history.data ?? []} />
          )}
          {(data.abilities?.reply ?? true) || data.abilities?.note ? (
            <>
              {data.abilities && !data.abilities.reply && (
                <p className="card notice" role="status" data-notice="following">
                  {t('escalation.following', { group: data.group.name })}
                </p>
              )}
              <Composer ref={composer} ticketId={id} version={data.version} canReply={data.abilities?.reply ?? true} confirmSend={confirmSend} onTyping={setTyping} onSent={onSent} />
            </>
          ) : (
            <p className="card muted" role="status">
              {t('ticket.readOnly')}
            </p>
          )}
        </div>
        <div className="ticket-side">
          <SidePanel ticket={data} meId={me.id} />
          <TicketRating ticketId={id} />
          <RequesterCard ticket={data} />
          <TicketProblemPanel ticketId={id} subject={data.subject} />
          <TicketArticles ticketId={id} categoryId={data.category?.id ?? null} />
        </div>
      </div>
      {question && (
        <ConfirmDialog
          title={t('ticket.changedTitle')}
          message={t('ticket.changedMessage')}
          confirmLabel={t('ticket.sendAnyway')}
          cancelLabel={t('ticket.reviewFirst')}
          onAnswer={(ok) => question(ok)}
        />
      )}
    </div>
  );
}
