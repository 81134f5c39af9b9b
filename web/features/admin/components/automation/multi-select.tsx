export interface Option {
  value: string;
  label: string;
}

interface Props {
  id: string;
  label: string;
  options: Option[];
  value: string[];
  onChange: (value: string[]) => void;
}

/** A labelled list of checkboxes: one or more values of a condition. */
export function MultiSelect({ id, label, options, value, onChange }: Props) {
  const chosen = new Set(value);
  return (
    <fieldset className="field automation-choices" id={id}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" checked={chosen.has(o.value)} onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
