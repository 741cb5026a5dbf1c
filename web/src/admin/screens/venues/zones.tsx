/** Time zone and currency pickers: a text field with the browser's list of IANA zones (or ISO currencies) to choose from. */
import { useId } from 'react';
import { Field, type FormState, type Values } from '../../../ui/forms';

function supported(kind: 'timeZone' | 'currency'): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(kind);
  } catch {
    return kind === 'timeZone' ? ['Africa/Johannesburg', 'UTC', 'Europe/London', 'Europe/Amsterdam'] : ['ZAR', 'EUR', 'USD', 'GBP'];
  }
}

/** A text field with a datalist of choices: free to type, quick to pick. */
export function ListInput<T extends Values>({
  form,
  name,
  label,
  kind,
  hint,
  errorKey,
}: {
  form: FormState<T>;
  name: keyof T & string;
  label: string;
  kind: 'timeZone' | 'currency';
  hint?: string;
  errorKey?: string;
}) {
  const listId = useId();
  return (
    <Field label={label} error={form.errors[errorKey ?? name]} hint={hint}>
      {(a) => (
        <>
          <input
            {...a}
            name={name}
            list={listId}
            autoComplete="off"
            value={String(form.values[name] ?? '')}
            onChange={(e) => form.set(name, (kind === 'currency' ? e.target.value.toUpperCase() : e.target.value) as T[typeof name])}
          />
          <datalist id={listId}>
            {supported(kind).map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
