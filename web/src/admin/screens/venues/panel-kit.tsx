/**
 * Shared pieces of the seating builder's side panels: the `apply` contract (one undo step per edit), `local` (an
 * edit's EditError shown beside its field), the collapsible panel, issue lists and editable item lists.
 */
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/client';
import { Field, useForm } from '../../../ui/forms';
import { EditError, type LayoutDocument } from '../../seating/document';
import type { PlacedIssue } from '../../seating/issues';

export type Apply = (fn: (doc: LayoutDocument) => LayoutDocument, coalesce?: string) => void;

/** Runs an edit; an EditError becomes a field error the form shows beside its field. */
export function local(fn: () => void): Promise<void> {
  try {
    fn();
    return Promise.resolve();
  } catch (e) {
    if (e instanceof EditError) {
      return Promise.reject(new ApiError({ title: 'Check this field', status: 0, detail: e.message, errors: [{ path: e.field, message: e.message }] }));
    }
    return Promise.reject(e);
  }
}

export function Panel({ title, children, open = true, badge }: { title: string; children: ReactNode; open?: boolean; badge?: ReactNode }) {
  return (
    <details className="panel" open={open}>
      <summary>
        <h2>{title}</h2>
        {badge}
      </summary>
      <div className="panel-body">{children}</div>
    </details>
  );
}

export function IssueList({ issues }: { issues: PlacedIssue[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <ul className="issues" role="alert">
      {issues.map((i, n) => (
        <li key={n}>
          <strong>{i.where}:</strong> {i.message}
        </li>
      ))}
    </ul>
  );
}

/** A panel's items (categories, GA areas): each a row, or its editor while being edited, with its problems below. */
export function EditableItems<T>({
  items,
  issues,
  row,
  editor,
}: {
  items: T[];
  issues: Map<number, PlacedIssue[]> | undefined;
  /** The item's row; `edit` opens its editor. */
  row: (item: T, index: number, edit: () => void) => ReactNode;
  editor: (index: number, done: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <ul className="item-list">
      {items.map((item, i) => (
        <li key={i} className={issues?.has(i) ? 'invalid' : undefined}>
          {editing === i ? editor(i, () => setEditing(null)) : <div className="item-row">{row(item, i, () => setEditing(i))}</div>}
          <IssueList issues={issues?.get(i)} />
        </li>
      ))}
    </ul>
  );
}

/* ---- Categories ---- */


export function ColorInput<T extends Record<string, unknown>>({ form, name, label }: { form: ReturnType<typeof useForm<T>>; name: keyof T & string; label: string }) {
  return (
    <Field label={label} error={form.errors[name]}>
      {(a) => (
        <input {...a} type="color" className="color-input" value={String(form.values[name] ?? '#000000')} onChange={(e) => form.set(name, e.target.value as T[typeof name])} />
      )}
    </Field>
  );
}
