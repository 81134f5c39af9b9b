import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';

/**
 * The pieces every admin list screen shares (calendars, SLA policies, triggers, mailboxes, mail
 * routes): the list's loading, error and empty states around a table, ordered rows with up and
 * down buttons, edit and delete buttons that name their row for screen readers, and the
 * confirmation before a delete.
 */

/** A table of what `query` loaded, with a last, visually hidden "actions" column header. */
export function AdminTable<T>({ query, empty, headers, children }: { query: UseQueryResult<T[]>; empty: string; headers: ReactNode[]; children: (items: T[]) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <Empty title={empty} />;
  return (
    <table className="data-table">
      <thead>
        <tr>
          {headers.map((header, i) => (
            <th scope="col" key={i}>
              {header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{t('adminEdits.rowActions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>{children(query.data)}</tbody>
    </table>
  );
}

/** ↑ and ↓ for a row of an ordered list; `onMove(-1)` moves it up one place. */
export function MoveButtons({ index, count, name, disabled, onMove }: { index: number; count: number; name: string; disabled?: boolean; onMove: (delta: -1 | 1) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="btn btn-small" disabled={index === 0 || disabled} onClick={() => onMove(-1)}>
        ↑<span className="visually-hidden">{t('adminEdits.moveUp', { name })}</span>
      </button>{' '}
      <button type="button" className="btn btn-small" disabled={index === count - 1 || disabled} onClick={() => onMove(1)}>
        ↓<span className="visually-hidden">{t('adminEdits.moveDown', { name })}</span>
      </button>
    </>
  );
}

/** A button whose accessible name says which row it acts on ("Löschen: Büro München"). */
export function RowButton({ label, name, onClick, disabled }: { label: string; name: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="btn btn-small" onClick={onClick} disabled={disabled}>
      {label}
      <span className="visually-hidden">: {name}</span>
    </button>
  );
}

/** Edit and delete for one row; the delete asks first (see `ConfirmDelete`). */
export function EditDeleteButtons({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <RowButton label={t('common.edit')} name={name} onClick={onEdit} /> <RowButton label={t('common.delete')} name={name} onClick={onDelete} />
    </>
  );
}

/** The "really delete?" dialog for the row the admin chose, or nothing while none is chosen. */
export function ConfirmDelete<T extends { name: string }>({
  item,
  title,
  message,
  onConfirm,
  onClose,
}: {
  item: T | null;
  title: string;
  message: (name: string) => string;
  onConfirm: (item: T) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  if (!item) return null;
  return (
    <ConfirmDialog
      title={title}
      message={message(item.name)}
      confirmLabel={t('common.delete')}
      cancelLabel={t('common.cancel')}
      onAnswer={(yes) => {
        if (yes) onConfirm(item);
        onClose();
      }}
    />
  );
}
