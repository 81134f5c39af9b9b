import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { useRate, useSatisfaction } from '../api/requests.ts';

/** Satisfaction 1–5 with an optional comment, once the request is resolved. */
export function RatingForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const existing = useSatisfaction(ticketId, true);
  const rate = useRate(ticketId);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');

  if (existing.data) {
    return (
      <p className="alert alert-success" role="status">
        {rate.isSuccess ? `${t('portal.thanks')} ` : ''}
        {t('portal.youRated', { rating: existing.data.rating })}
      </p>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rating > 0) rate.mutate({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <form className="card form rating-form" onSubmit={submit}>
      <fieldset className="rating-set">
        <legend>{t('portal.rateTitle')}</legend>
        {/* Each choice says which end is good: "1 – very dissatisfied" … "5 – very satisfied". */}
        <div className="rating">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value}>
              <input type="radio" name="rating" value={value} className="visually-hidden" checked={rating === value} onChange={() => setRating(value)} aria-label={t(`lists.rating.${value}`)} />
              <span className="rating-number" aria-hidden="true">
                {value}
              </span>
              <span className="rating-word" aria-hidden="true">
                {t(`lists.ratingShort.${value}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="rating-comment">{t('portal.comment')}</label>
        <textarea id="rating-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={rating === 0 || rate.isPending}>
          {t('portal.sendRating')}
        </button>
      </div>
      {rate.isError && (
        <p className="field-error" role="alert">
          {errorMessage(rate.error, t)}
        </p>
      )}
    </form>
  );
}
