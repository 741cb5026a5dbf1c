/** A labelled group of checkboxes (seat categories, gates, ticket types) with the API's error for the field. */
import { useId } from 'react';

export function CheckGroup({
  legend,
  options,
  value,
  onChange,
  error,
  hint,
  name,
}: {
  legend: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string;
  hint?: string;
  name: string;
}) {
  const id = useId();
  return (
    <fieldset className={`field check-group${error ? ' invalid' : ''}`} aria-describedby={[error ? `${id}-e` : '', hint ? `${id}-h` : ''].join(' ').trim() || undefined}>
      <legend>{legend}</legend>
      {options.length === 0 && <p className="hint">None available.</p>}
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="checkbox"
            name={name}
            value={o.value}
            checked={value.includes(o.value)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
        </label>
      ))}
      {hint && (
        <small id={`${id}-h`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-e`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
