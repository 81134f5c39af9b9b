import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallerSearch, useOrganisationOptions } from '../api/new-ticket.ts';

export type Caller = { kind: 'existing'; id: number; name: string; email: string } | { kind: 'new'; name: string; email: string; organisationId: number | null };

/** Who the ticket is for: found by name or address (typeahead), or entered as a new person. */
export function CallerPicker({ value, onChange }: { value: Caller | null; onChange: (caller: Caller | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useCallerSearch(value ? '' : debounced);
  const organisations = useOrganisationOptions(value?.kind === 'new');

  if (value?.kind === 'existing') {
    return (
      <div className="field">
        <span className="label">{t('pendingCaller.caller')}</span>
        <div className="inline">
          <strong data-testid="chosen-caller">
            {value.name} &lt;{value.email}&gt;
          </strong>
          <button type="button" className="btn btn-small" onClick={() => onChange(null)}>
            {t('pendingCaller.changeCaller')}
          </button>
        </div>
      </div>
    );
  }
  if (value?.kind === 'new') {
    const set = (patch: Partial<Omit<Extract<Caller, { kind: 'new' }>, 'kind'>>) => onChange({ ...value, ...patch });
    return (
      <fieldset className="field">
        <legend>{t('pendingCaller.newCaller')}</legend>
        <label htmlFor="caller-name">{t('pendingCaller.name')}</label>
        <input id="caller-name" required value={value.name} onChange={(e) => set({ name: e.target.value })} />
        <label htmlFor="caller-email">{t('pendingCaller.email')}</label>
        <input id="caller-email" type="email" required value={value.email} onChange={(e) => set({ email: e.target.value })} />
        <label htmlFor="caller-organisation">{t('pendingCaller.organisation')}</label>
        <select id="caller-organisation" value={value.organisationId ?? ''} onChange={(e) => set({ organisationId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('pendingCaller.noOrganisation')}</option>
          {organisations.data?.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={() => onChange(null)}>
          {t('pendingCaller.searchInstead')}
        </button>
      </fieldset>
    );
  }
  const results = search.data ?? [];
  return (
    <div className="field">
      <label htmlFor="caller-search">{t('pendingCaller.caller')}</label>
      <input
        id="caller-search"
        type="search"
        autoComplete="off"
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('pendingCaller.searchHint')}
        aria-describedby="caller-results"
      />
      <div id="caller-results" aria-live="polite">
        {text.trim().length >= 2 && search.isSuccess && results.length === 0 && <p className="muted">{t('pendingCaller.noMatch')}</p>}
        {results.length > 0 && (
          <ul className="caller-results">
            {results.map((u) => (
              <li key={u.id}>
                <button type="button" className="btn btn-ghost" onClick={() => onChange({ kind: 'existing', id: u.id, name: u.name, email: u.email })}>
                  {u.name} &lt;{u.email}&gt;
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn-small" onClick={() => onChange({ kind: 'new', name: '', email: text.includes('@') ? text.trim() : '', organisationId: null })}>
        {t('pendingCaller.createCaller')}
      </button>
    </div>
  );
}
