import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useKnownSolutions, useLinkArticle, useTicketArticleLinks, useUnlinkArticle } from '../../../lib/knowledge.ts';

/**
 * The knowledge side of a ticket: the articles that solved it (linked by hand or by a reply that
 * carried them), the known solutions of its category, and "create article from this ticket".
 */
export function TicketArticles({ ticketId, categoryId }: { ticketId: number; categoryId: number | null }) {
  const { t } = useTranslation();
  const links = useTicketArticleLinks(ticketId);
  const known = useKnownSolutions(categoryId);
  const link = useLinkArticle(ticketId);
  const unlink = useUnlinkArticle(ticketId);
  const linkedIds = new Set((links.data ?? []).map((l) => l.article.id));
  const suggestions = (known.data ?? []).filter((a) => !linkedIds.has(a.id));
  return (
    <section className="card" aria-labelledby="ticket-articles-title">
      <h2 id="ticket-articles-title" className="h-small">
        {t('kbLinks.title')}
      </h2>
      {links.data?.length === 0 && <p className="muted small">{t('kbLinks.none')}</p>}
      <ul className="mini-list" aria-label={t('kbLinks.linked')}>
        {(links.data ?? []).map((l) => (
          <li key={l.article.id}>
            <Link to={`/agent/kb/${l.article.id}`} lang={l.article.locale}>
              {l.article.title}
            </Link>{' '}
            <span className="muted small">{l.source === 'reply' ? t('kbLinks.viaReply') : ''}</span>{' '}
            <button type="button" className="btn-link" onClick={() => unlink.mutate(l.article.id)} aria-label={t('kbLinks.unlinkNamed', { title: l.article.title })}>
              {t('kbLinks.unlink')}
            </button>
          </li>
        ))}
      </ul>
      {suggestions.length > 0 && (
        <>
          <h3 className="h-small">{t('kbLinks.knownSolutions')}</h3>
          <ul className="mini-list">
            {suggestions.map((a) => (
              <li key={a.id}>
                <Link to={`/agent/kb/${a.id}`} lang={a.locale}>
                  {a.title}
                </Link>{' '}
                <span className="muted small">{a.solutionKind === 'workaround' ? t('kbLinks.workaround') : t('kbLinks.solution')}</span>{' '}
                <button type="button" className="btn-link" onClick={() => link.mutate(a.id)} aria-label={t('kbLinks.linkNamed', { title: a.title })}>
                  {t('kbLinks.link')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to={`/agent/kb/new?fromTicket=${ticketId}`}>{t('kbLinks.createFromTicket')}</Link>
      </p>
    </section>
  );
}
