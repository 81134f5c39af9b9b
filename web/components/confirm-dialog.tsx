import { useEffect, useRef } from 'react';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  onAnswer: (ok: boolean) => void;
}

/** A modal question with two answers; Escape means cancel. */
export function ConfirmDialog({ title, message, confirmLabel, cancelLabel, onAnswer }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-message" onCancel={() => onAnswer(false)}>
      <h2 id="confirm-title">{title}</h2>
      <p id="confirm-message">{message}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => onAnswer(false)} autoFocus>
          {cancelLabel}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
