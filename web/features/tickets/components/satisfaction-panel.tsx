import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../../components/date-time.tsx';
import { useRequesterSatisfaction, useTicketSatisfaction } from '../api/macros.ts';

/** "★★★★☆" for people who see, the number for screen readers. */
function Stars({ rating }: { rating: number }) {
  return (
    <span className="stars" aria-hidden="true">
      {'★'.repeat(rating)}
      {'☆'.repeat(5 - rating)}
    </span>
  );
}

/** The requester's rating of this ticket and its comment (shown once rated). */
export function TicketRating({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const rating = useTicketSatisfaction(ticketId);
  if (!rating.data) return null;
  return (
    <section className="card ticket-rating" aria-labelledby="ticket-rating-title" data-rating={rating.data.rating}>
      <h2 id="ticket-rating-title" className="h-small">
        {t('csat.title')}
      </h2>
      <p>
        <Stars rating={rating.data.rating} /> {t('csat.rating', { rating: rating.data.rating })}{' '}
        <span className="muted small">
          <DateTime iso={rating.data.updatedAt} />
        </span>
      </p>
      {rating.data.comment && <blockquote className="rating-comment">{rating.data.comment}</blockquote>}
    </section>
  );
}

/** On the requester card: their average and latest ratings (of the tickets the agent may see). */
export function RequesterRatings({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const ratings = useRequesterSatisfaction(userId);
  if (!ratings.data) return null;
  const { average, count, recent } = ratings.data;
  return (
    <div className="requester-ratings" data-testid="requester-ratings">
      <h3 className="h-small">{t('csat.title')}</h3>
      {average === null ? (
        <p className="muted small">{t('csat.noRatings')}</p>
      ) : (
        <>
          <p className="small">{t('csat.average', { average: average.toLocaleString(), count })}</p>
          <ul className="mini-list" aria-label={t('csat.recent')}>
            {recent.map((r) => (
              <li key={r.ticketId}>
                <Stars rating={r.rating} /> <span className="visually-hidden">{t('csat.rating', { rating: r.rating })}</span>
                <Link to={`/agent/tickets/${r.ticketId}`}>
                  #{r.ticketId} {r.subject}
                </Link>
                {r.comment && <div className="muted small">„{r.comment}“</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
