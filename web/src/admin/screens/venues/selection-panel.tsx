/**
 * The seating builder's selection panel: what is selected, its category and flags, renaming and deleting seats.
 */
import { useEffect, useId } from 'react';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { deleteSeats, flagState, renameSeat, seatAt, setCategory, setFlag, type LayoutDocument, type SeatFlag } from '../../seating/document';
import { type Apply, local, Panel } from './panel-kit';

const FLAGS: { flag: SeatFlag; label: string }[] = [
  { flag: 'accessible', label: 'Wheelchair accessible' },
  { flag: 'restrictedView', label: 'Restricted view' },
  { flag: 'notForSale', label: 'Not for sale' },
];

export function SelectionPanel({
  doc,
  apply,
  selection,
  setSelection,
  readOnly,
}: {
  doc: LayoutDocument;
  apply: Apply;
  selection: ReadonlySet<string>;
  setSelection: (s: Set<string>) => void;
  readOnly: boolean;
}) {
  const form = useForm({ category: doc.categories[0]?.key ?? '', label: '' });
  const only = selection.size === 1 ? [...selection][0]! : undefined;
  const seat = only ? seatAt(doc, only) : undefined;
  useEffect(() => {
    if (seat) form.setValues((v) => ({ ...v, label: seat.label, category: seat.category }));
  }, [only, seat?.label]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!doc.categories.some((c) => c.key === form.values.category)) form.set('category', doc.categories[0]?.key ?? '');
  }, [doc.categories]); // eslint-disable-line react-hooks/exhaustive-deps
  const n = selection.size;
  return (
    <Panel title="Selected seats" badge={<span className="badge">{n}</span>}>
      {n === 0 ? (
        <p className="hint">None. Click a seat, Shift+click to add more, drag a box around seats, or use Select in Sections.</p>
      ) : (
        <>
          <p aria-live="polite">
            {n} seat{n === 1 ? '' : 's'} selected{seat && ` (seat ${seat.label})`}.{' '}
            <button type="button" className="linkish" onClick={() => setSelection(new Set())}>
              Clear selection
            </button>
          </p>
          {!readOnly && (
            <>
              <form
                className="toolbar"
                aria-label="Set category of selected seats"
                noValidate
                onSubmit={(e) => form.submit(async (v) => local(() => apply((d) => setCategory(d, selection, v.category))), e)}
              >
                <Select form={form} name="category" label="Category for selected seats" options={doc.categories.map((c) => ({ value: c.key, label: c.name }))} />
                <SubmitButton busy={form.busy}>Set category</SubmitButton>
              </form>
              <fieldset className="flags">
                <legend>Mark selected seats</legend>
                {FLAGS.map(({ flag, label }) => (
                  <FlagBox key={flag} state={flagState(doc, selection, flag)} label={label} onChange={(on) => apply((d) => setFlag(d, selection, flag, on))} />
                ))}
              </fieldset>
              {seat && only && (
                <form
                  className="toolbar"
                  aria-label="Rename seat"
                  noValidate
                  onSubmit={(e) => form.submit(async (v) => local(() => apply((d) => renameSeat(d, only, v.label))), e)}
                >
                  <Input form={form} name="label" label="Seat label" />
                  <button type="submit">Rename seat</button>
                </form>
              )}
              <ProblemBanner error={form.problem} fields={['category', 'label']} />
              <p className="hint">Arrow keys on the plan move the selected seats 10 cm (Shift: 50 cm); drag them to move them anywhere.</p>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  apply((d) => deleteSeats(d, selection));
                  setSelection(new Set());
                }}
              >
                Delete {n} seat{n === 1 ? '' : 's'}
              </button>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

function FlagBox({ state, label, onChange }: { state: 'all' | 'some' | 'none'; label: string; onChange: (on: boolean) => void }) {
  const id = useId();
  return (
    <div className="field checkbox">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={state === 'all'}
          ref={(el) => {
            if (el) el.indeterminate = state === 'some';
          }}
          aria-checked={state === 'some' ? 'mixed' : state === 'all'}
          onChange={() => onChange(state !== 'all')}
        />{' '}
        {label}
        {state === 'some' && <small className="hint"> (some)</small>}
      </label>
    </div>
  );
}

/* ---- General admission ---- */
