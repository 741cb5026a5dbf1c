/**
 * Forms that show the API's field errors beside the field: useForm keeps the values, submit() runs the request and
 * maps an ApiError's `errors` (paths like "body.email") onto the fields; anything not tied to a field shows in
 * the form's banner. Every field is labelled and points at its error with aria-describedby.
 */
import { useCallback, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { sameValues } from './unsaved';

export type Values = Record<string, unknown>;

export function useForm<T extends Values>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // What was last loaded or saved: the form is `dirty` while its values differ from it (ui/unsaved.ts asks then).
  const savedRef = useRef<T>(initial);
  const [saved, setSavedState] = useState<T>(initial);
  const markSaved = useCallback((v: T) => {
    savedRef.current = v;
    setSavedState(v);
  }, []);

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  /** Values the screen fills in itself (from the server, a default it picked): set, and not a change of the user's. */
  const adopt = useCallback(
    (patch: Partial<T>) => {
      setValues((v) => ({ ...v, ...patch }));
      markSaved({ ...savedRef.current, ...patch });
    },
    [markSaved],
  );

  /** Runs `action` with the current values; answers its result, or undefined when it failed (errors are shown). */
  const submit = useCallback(
    async <R,>(action: (values: T) => Promise<R>, e?: FormEvent): Promise<R | undefined> => {
      e?.preventDefault();
      setBusy(true);
      setErrors({});
      setProblem(null);
      try {
        const start = savedRef.current;
        const result = await action(values);
        // Saved: these values are the form's baseline now (unless the action loaded others itself, with adopt).
        if (savedRef.current === start) markSaved(values);
        return result;
      } catch (err) {
        const apiError = err instanceof ApiError ? err : new ApiError({ title: 'Something went wrong', status: 0, detail: String(err) });
        setErrors(apiError.fieldErrors());
        setProblem(apiError);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [values, markSaved],
  );

  const dirty = !sameValues(values, saved);
  return { values, setValues, set, adopt, dirty, errors, setErrors, problem, setProblem, busy, submit, reset: () => (setValues(initial), markSaved(initial)) };
}

export type FormState<T extends Values> = ReturnType<typeof useForm<T>>;

/** The problem of a failed request, unless every message of it is already shown beside a field. */
export function ProblemBanner({ error, fields = [], correctFields = 'Please correct the highlighted fields.' }: { error: ApiError | null | undefined; fields?: string[]; correctFields?: string }) {
  if (!error) return null;
  const unplaced = (error.problem.errors ?? []).filter((e) => !fields.includes(e.path.replace(/^(body|query|param|params|path)\./, '')));
  if (error.problem.errors?.length && unplaced.length === 0) {
    return (
      <p className="banner error" role="alert">
        {correctFields}
      </p>
    );
  }
  return (
    <div className="banner error" role="alert">
      <strong>{error.problem.title}</strong>
      {error.problem.detail && <span> — {error.problem.detail}</span>}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type FieldProps = {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
};

/** A labelled control with its hint and its error right beside it. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

type InputProps<T extends Values> = {
  form: FormState<T>;
  name: keyof T & string;
  label: string;
  type?: string;
  hint?: ReactNode;
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
  /** Where the server reports this field's errors, when it differs from `name` (e.g. "address.city"). */
  errorKey?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled?: boolean;
};

/** A text/number/email/date input bound to a form value. Numbers stay numbers; empty stays "". */
export function Input<T extends Values>({ form, name, label, type = 'text', hint, errorKey, ...rest }: InputProps<T>) {
  const value = form.values[name];
  return (
    <Field label={label} error={form.errors[errorKey ?? name]} hint={hint}>
      {(a) => (
        <input
          {...a}
          {...rest}
          name={name}
          type={type}
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => {
            const raw = e.target.value;
            form.set(name, (type === 'number' ? (raw === '' ? '' : Number(raw)) : raw) as T[typeof name]);
          }}
        />
      )}
    </Field>
  );
}

export function Select<T extends Values>({
  form,
  name,
  label,
  options,
  hint,
  errorKey,
}: {
  form: FormState<T>;
  name: keyof T & string;
  label: string;
  options: readonly (string | { value: string; label: string })[];
  hint?: ReactNode;
  errorKey?: string;
}) {
  return (
    <Field label={label} error={form.errors[errorKey ?? name]} hint={hint}>
      {(a) => (
        <select {...a} name={name} value={String(form.values[name] ?? '')} onChange={(e) => form.set(name, e.target.value as T[typeof name])}>
          {options.map((o) => {
            const opt = typeof o === 'string' ? { value: o, label: o } : o;
            return (
              <option key={opt.value} value={opt.value}>
                {opt.label}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export function Checkbox<T extends Values>({ form, name, label, errorKey }: { form: FormState<T>; name: keyof T & string; label: string; errorKey?: string }) {
  const error = form.errors[errorKey ?? name];
  return (
    <div className={`field checkbox${error ? ' invalid' : ''}`}>
      <label>
        <input type="checkbox" name={name} checked={Boolean(form.values[name])} onChange={(e) => form.set(name, e.target.checked as T[typeof name])} /> {label}
      </label>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
      {busy ? 'Working…' : children}
    </button>
  );
}

/** Strips "" from a values object: optional fields left empty are not sent. */
export function compact<T extends Values>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined)) as Partial<T>;
}
