import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, errorMessage, Loading } from '../../../../components/states.tsx';
import type { TimeRulesDto } from '../../../../../shared/contracts/automation.ts';
import { useSaveTimeRules, useTimeRules } from '../../api/automation.ts';

function TimeRulesForm({ rules }: { rules: TimeRulesDto }) {
  const { t } = useTranslation();
  const save = useSaveTimeRules();
  const [enabled, setEnabled] = useState(rules.autoClose.enabled);
  const [days, setDays] = useState(String(rules.autoClose.days));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ autoClose: { enabled, days: Number(days) } });
  };
  return (
    <form className="add-form" style={{ flexDirection: 'column', alignItems: 'flex-start' }} onSubmit={submit} aria-label={t('automation.timeRules')}>
      <label className="check" htmlFor="auto-close">
        <input id="auto-close" type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('automation.autoClose')}
      </label>
      <div className="field">
        <label htmlFor="auto-close-days">{t('automation.autoCloseDays')}</label>
        <input id="auto-close-days" type="number" min={1} max={365} step={1} required value={days} onChange={(e) => setDays(e.target.value)} aria-describedby="auto-close-hint" />
      </div>
      <p className="hint" id="auto-close-hint">
        {t('automation.autoCloseHint')}
      </p>
      <p className="hint">{t('automation.reopenWindow', { count: rules.reopenDays })}</p>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {t('automation.saveTimeRules')}
      </button>
      <p role="status" className="muted">
        {save.isSuccess ? t('automation.timeRulesSaved') : ''}
      </p>
      {save.isError && (
        <p className="field-error" role="alert">
          {errorMessage(save.error, t)}
        </p>
      )}
    </form>
  );
}

/** Time rules: closing resolved tickets after N days; the reopen window (set in the server's configuration) shown. */
export function TimeRulesAdmin() {
  const { t } = useTranslation();
  const rules = useTimeRules();
  return (
    <section aria-labelledby="time-rules-title">
      <h1 id="time-rules-title">{t('automation.timeRules')}</h1>
      <p className="hint">{t('automation.timeRulesIntro')}</p>
      {rules.isPending ? <Loading /> : rules.isError ? <ErrorState error={rules.error} onRetry={() => void rules.refetch()} /> : <TimeRulesForm rules={rules.data} />}
    </section>
  );
}
