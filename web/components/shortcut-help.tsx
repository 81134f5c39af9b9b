import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [
  ['/', 'search'],
  ['j', 'next'],
  ['k', 'previous'],
  ['Enter', 'open'],
  ['x', 'select'],
  ['r', 'reply'],
  ['n', 'note'],
  ['a', 'assignMe'],
  ['e', 'close'],
  ['Shift+E', 'escalate'],
  ['g', 'home'],
  ['c', 'newTicket'],
  ['?', 'help'],
] as const;

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcut-title" onClose={onClose}>
      <h2 id="shortcut-title">{t('shortcuts.title')}</h2>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map(([key, name]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{t(`shortcuts.${name}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button className="btn btn-primary" type="submit" autoFocus>
          {t('common.close')}
        </button>
      </form>
    </dialog>
  );
}
