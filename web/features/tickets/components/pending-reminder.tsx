import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { DateTime } from '../../../components/date-time.tsx';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import type { TicketChanges } from '../api/tickets.ts';
import { fromLocalInput, QUICK_CHOICES, quickChoice, toLocalInput } from './reminder-times.ts';

/**
 * The reminder of a pending ticket: after it the ticket returns to open by itself. A date-time
 * in the agent's time zone, or one of the quick choices; saved like the other side-panel fields.
 */
export function PendingReminder({ pendingUntil, disabled, onSave }: { pendingUntil: string | null; disabled: boolean; onSave: (changes: TicketChanges) => void }) {
  const { t } = useTranslation();
  const user = useQueryClient().getQueryData<SessionUser | null>(['session']);
  const zone = user?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [draft, setDraft] = useState(pendingUntil ? toLocalInput(pendingUntil, zone) : '');
  const save = (iso: string | null) => {
    setDraft(iso ? toLocalInput(iso, zone) : '');
    onSave({ pendingUntil: iso });
  };
  return (
    <fieldset className="field pending-reminder">
      <legend>{t('pendingCaller.reminder')}</legend>
      {pendingUntil ? (
        <p data-testid="pending-until">
          {t('pendingCaller.reopensAt')} <DateTime iso={pendingUntil} />
        </p>
      ) : (
        <p className="muted">{t('pendingCaller.noReminder')}</p>
      )}
      <div className="inline">
        {QUICK_CHOICES.map((choice) => (
          <button key={choice} type="button" className="btn btn-small" disabled={disabled} onClick={() => save(quickChoice(choice, new Date(), zone).toISOString())}>
            {t(`pendingCaller.quick.${choice}`)}
          </button>
        ))}
      </div>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const iso = fromLocalInput(draft, zone);
          if (iso) save(iso);
        }}
      >
        <label htmlFor="pending-until-input" className="visually-hidden">
          {t('pendingCaller.reminderAt')}
        </label>
        <input id="pending-until-input" type="datetime-local" disabled={disabled} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={disabled || !fromLocalInput(draft, zone)}>
          {t('pendingCaller.setReminder')}
        </button>
        {pendingUntil && (
          <button type="button" className="btn btn-small btn-ghost" disabled={disabled} onClick={() => save(null)}>
            {t('pendingCaller.clearReminder')}
          </button>
        )}
      </form>
    </fieldset>
  );
}
