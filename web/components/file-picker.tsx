import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from './icons.tsx';

interface Props {
  files: File[];
  onChange: (files: File[]) => void;
  label?: string;
}

/** A file chooser in the app's language (the browser's own button speaks the browser's), with removable picks. */
export function FilePicker({ files, onChange, label }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="file-picker">
      <label className="btn btn-ghost file-pick" htmlFor={id}>
        <PaperclipIcon /> {label ?? t('composer.attach')}
      </label>
      <input
        id={id}
        type="file"
        multiple
        className="visually-hidden"
        onChange={(e) => {
          onChange([...files, ...Array.from(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="attachments">
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`}>
              {file.name}{' '}
              <button type="button" className="btn-link" onClick={() => onChange(files.filter((_, j) => j !== i))} aria-label={t('composer.removeFile', { name: file.name })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
