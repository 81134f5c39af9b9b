import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Item {
  id: number;
  name: string;
  /** Shown below the name, searched too. */
  detail: string;
}

/**
 * A searchable list to pick a macro or snippet from (a combobox): typing filters, arrow keys
 * move, Enter picks, Escape closes. Focus starts in the search field.
 */
export function TextPicker({ label, items, onPick, onClose }: { label: string; items: Item[]; onPick: (id: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => input.current?.focus(), []);
  const needle = q.trim().toLowerCase();
  const shown = items.filter((i) => !needle || i.name.toLowerCase().includes(needle) || i.detail.toLowerCase().includes(needle)).slice(0, 20);
  const current = shown[Math.min(active, shown.length - 1)];
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (event.key === 'Enter' && current) onPick(current.id);
    else if (event.key === 'Escape') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div className="text-picker" data-picker={label}>
      <label htmlFor={`${listId}-search`} className="visually-hidden">
        {label}
      </label>
      <input
        id={`${listId}-search`}
        ref={input}
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        placeholder={`${label}: ${t('macros.search')}`}
        value={q}
        autoComplete="off"
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul id={listId} role="listbox" aria-label={label}>
        {shown.map((item) => (
          <li
            key={item.id}
            id={`${listId}-${item.id}`}
            role="option"
            aria-selected={item === current}
            className={item === current ? 'active' : ''}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(item.id)}
          >
            <strong>{item.name}</strong>
            {item.detail && <span className="muted small"> {item.detail.slice(0, 80)}</span>}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">{t('macros.noneFound')}</li>}
      </ul>
    </div>
  );
}
