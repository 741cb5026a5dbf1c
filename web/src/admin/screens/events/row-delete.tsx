/**
 * Editing and deleting the rows of a tab's table (ticket types, pricing rules): the row's Edit / Delete buttons,
 * and the delete confirmed in place ("Yes, delete" / "Keep it"), with the API's refusal shown in the question.
 */
import { useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { ApiError } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';

type Row = { id: string; name: string };

/** A loaded list (useLoad) the deleted row is dropped from. */
type RowList<T> = { setData: Dispatch<SetStateAction<T[] | null>>; reload: () => void };

export type RowDelete<T> = {
  deleting: T | null;
  error: ApiError | null;
  ask: (row: T) => void;
  cancel: () => void;
  confirm: () => Promise<void>;
};

/** `ask(row)` opens the question; `confirm()` deletes the row on the server, drops it from `list` and says so. */
export function useRowDelete<T extends Row>(list: RowList<T>, del: (row: T) => Promise<unknown>, setNotice: (text: string) => void): RowDelete<T> {
  const [deleting, setDeleting] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  return {
    deleting,
    error,
    ask: (row) => (setDeleting(row), setError(null)),
    cancel: () => setDeleting(null),
    confirm: async () => {
      const row = deleting;
      if (!row) return;
      setError(null);
      try {
        await del(row);
        setDeleting(null);
        setNotice(`Removed “${row.name}”.`);
        list.setData((items) => (items ?? []).filter((x) => x.id !== row.id));
        list.reload();
      } catch (e) {
        setError(e instanceof ApiError ? e : new ApiError({ title: 'Failed', status: 0, detail: String(e) }));
      }
    },
  };
}

/** The Edit and Delete buttons of one row, named after it for screen readers ("Edit Standard"). */
export function RowActions<T extends Row>({ row, onEdit, remove }: { row: T; onEdit: () => void; remove: RowDelete<T> }) {
  return (
    <span className="row-actions">
      <button type="button" onClick={onEdit} aria-label={`Edit ${row.name}`}>
        Edit
      </button>
      <button type="button" className="danger" onClick={() => remove.ask(row)} aria-label={`Delete ${row.name}`}>
        Delete
      </button>
    </span>
  );
}

/** The question while a row is being deleted (`question` says what deleting it means). */
export function ConfirmRowDelete<T extends Row>({ id, remove, question }: { id: string; remove: RowDelete<T>; question: (row: T) => ReactNode }) {
  if (!remove.deleting) return null;
  return (
    <div className="banner" role="alertdialog" aria-labelledby={id}>
      <p id={id}>{question(remove.deleting)}</p>
      <ProblemBanner error={remove.error} />
      <div className="toolbar">
        <button type="button" className="danger" onClick={() => void remove.confirm()}>
          Yes, delete
        </button>
        <button type="button" onClick={remove.cancel}>
          Keep it
        </button>
      </div>
    </div>
  );
}
