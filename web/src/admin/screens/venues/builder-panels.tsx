/**
 * The seating builder's side panels: categories, sections and their rows, "Add row", the selected seats,
 * general-admission areas, the stage position and the server's problems. Each one edits the document through
 * `apply` (one undo step each); a mistake is shown beside the field it came from.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/client';
import { Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import {
  addCategory,
  addGaArea,
  addRows,
  addSection,
  categoryUse,
  defaultAddRows,
  deleteSeats,
  EditError,
  fitBounds,
  PALETTE,
  flagState,
  removeCategory,
  removeGaArea,
  removeRow,
  removeSection,
  renameRow,
  renameSeat,
  renumberRow,
  rowSelection,
  seatAt,
  seatCount,
  setCategory,
  setFlag,
  suggestCategory,
  suggestGaKey,
  suggestSectionKey,
  updateCategory,
  updateGaArea,
  updateSection,
  type AddRowsInput,
  type LayoutDocument,
  type SeatFlag,
} from '../../seating/document';
import type { PlacedIssue, PlacedIssues } from '../../seating/issues';
import { nextFreeLabel } from '../../seating/labels';

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

function IssueList({ issues }: { issues: PlacedIssue[] | undefined }) {
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
function EditableItems<T>({
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

export function CategoriesPanel({ doc, apply, issues, readOnly }: { doc: LayoutDocument; apply: Apply; issues: PlacedIssues | null; readOnly: boolean }) {
  const suggestion = suggestCategory(doc);
  const form = useForm({ name: '', key: '', color: suggestion.color });
  return (
    <Panel title="Categories" badge={<span className="badge">{doc.categories.length}</span>}>
      <p className="hint">Seat categories (price levels): each ticket type or pricing rule can target one.</p>
      <IssueList issues={issues?.lists.categories} />
      <EditableItems
        items={doc.categories}
        issues={issues?.forCategory}
        editor={(i, done) => <CategoryEditor doc={doc} index={i} apply={apply} onDone={done} />}
        row={(c, _i, edit) => (
          <>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
            <span className="grow">
              <strong>{c.name}</strong> <code>{c.key}</code> <small className="hint">{categoryUse(doc, c.key)} seats</small>
            </span>
            {!readOnly && (
              <button type="button" onClick={edit} aria-label={`Edit category ${c.name}`}>
                Edit
              </button>
            )}
          </>
        )}
      />
      {!readOnly && (
        <form
          className="compact-form"
          aria-label="Add category"
          noValidate
          onSubmit={(e) =>
            form.submit(async (v) => {
              await local(() => apply((d) => addCategory(d, { key: v.key || suggestCategory(d).key, name: v.name, color: v.color })));
              form.setValues({ name: '', key: '', color: PALETTE[(doc.categories.length + 1) % PALETTE.length]! });
            }, e)
          }
        >
          <h3>Add category</h3>
          <ProblemBanner error={form.problem} fields={['name', 'key', 'color']} />
          <Input form={form} name="name" label="Category name" placeholder="e.g. Stalls, VIP" />
          <div className="row">
            <Input form={form} name="key" label="Category key" placeholder={suggestion.key} hint="Short code; empty for the next free one" />
            <ColorInput form={form} name="color" label="Colour" />
          </div>
          <SubmitButton busy={form.busy}>Add category</SubmitButton>
        </form>
      )}
    </Panel>
  );
}

function ColorInput<T extends Record<string, unknown>>({ form, name, label }: { form: ReturnType<typeof useForm<T>>; name: keyof T & string; label: string }) {
  return (
    <Field label={label} error={form.errors[name]}>
      {(a) => (
        <input {...a} type="color" className="color-input" value={String(form.values[name] ?? '#000000')} onChange={(e) => form.set(name, e.target.value as T[typeof name])} />
      )}
    </Field>
  );
}

function CategoryEditor({ doc, index, apply, onDone }: { doc: LayoutDocument; index: number; apply: Apply; onDone: () => void }) {
  const c = doc.categories[index]!;
  const form = useForm({ name: c.name, key: c.key, color: c.color, moveTo: doc.categories.find((x) => x.key !== c.key)?.key ?? '' });
  const used = categoryUse(doc, c.key);
  const others = doc.categories.filter((x) => x.key !== c.key);
  return (
    <form
      className="compact-form"
      aria-label={`Edit category ${c.name}`}
      noValidate
      onSubmit={(e) =>
        form.submit(async (v) => {
          await local(() => apply((d) => updateCategory(d, index, { name: v.name, key: v.key, color: v.color })));
          onDone();
        }, e)
      }
    >
      <ProblemBanner error={form.problem} fields={['name', 'key', 'color', 'category']} />
      <Input form={form} name="name" label="Category name" />
      <div className="row">
        <Input form={form} name="key" label="Category key" hint="Changing it updates its seats" />
        <ColorInput form={form} name="color" label="Colour" />
      </div>
      <div className="toolbar">
        <SubmitButton busy={form.busy}>Save category</SubmitButton>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <div className="toolbar">
        {used > 0 && others.length > 0 && (
          <Select form={form} name="moveTo" label={`Move its ${used} seats to`} options={others.map((o) => ({ value: o.key, label: o.name }))} errorKey="category" />
        )}
        <button
          type="button"
          className="danger"
          onClick={() =>
            form.submit(async (v) => {
              await local(() => apply((d) => removeCategory(d, index, used > 0 ? v.moveTo : undefined)));
              onDone();
            })
          }
        >
          {used > 0 && others.length > 0 ? 'Move seats and remove' : 'Remove category'}
        </button>
      </div>
    </form>
  );
}

/* ---- Sections ---- */

export function SectionsPanel({
  doc,
  apply,
  issues,
  active,
  setActive,
  select,
  readOnly,
}: {
  doc: LayoutDocument;
  apply: Apply;
  issues: PlacedIssues | null;
  active: number | undefined;
  setActive: (s: number | undefined) => void;
  select: (keys: Set<string>) => void;
  readOnly: boolean;
}) {
  const form = useForm({ key: '', name: '' });
  const suggestion = suggestSectionKey(doc);
  return (
    <Panel title="Sections" badge={<span className="badge">{doc.sections.length}</span>}>
      <p className="hint">Draw a section with the Draw section tool, or add one here; then add rows of seats to it.</p>
      <IssueList issues={issues?.lists.sections} />
      {!readOnly && (
        <form
          className="compact-form"
          aria-label="Add section"
          noValidate
          onSubmit={(e) =>
            form.submit(async (v) => {
              const key = v.key.trim() || suggestSectionKey(doc);
              await local(() => apply((d) => addSection(d, { key, name: v.name })));
              setActive(doc.sections.length);
              form.setValues({ key: '', name: '' });
            }, e)
          }
        >
          <div className="row">
            <Input form={form} name="key" label="Section key" placeholder={suggestion} hint="On tickets, e.g. A or North" />
            <Input form={form} name="name" label="Section name" placeholder={`Section ${suggestion}`} />
          </div>
          <ProblemBanner error={form.problem} fields={['key', 'name']} />
          <SubmitButton busy={form.busy}>Add section</SubmitButton>
        </form>
      )}
      <ul className="item-list sections">
        {doc.sections.map((section, s) => (
          <SectionItem
            key={s}
            doc={doc}
            s={s}
            apply={apply}
            issues={issues?.forSection.get(s)}
            active={active === s}
            setActive={setActive}
            select={select}
            readOnly={readOnly}
            section={section}
          />
        ))}
      </ul>
    </Panel>
  );
}

function SectionItem({
  doc,
  s,
  section,
  apply,
  issues,
  active,
  setActive,
  select,
  readOnly,
}: {
  doc: LayoutDocument;
  s: number;
  section: LayoutDocument['sections'][number];
  apply: Apply;
  issues: PlacedIssue[] | undefined;
  active: boolean;
  setActive: (s: number | undefined) => void;
  select: (keys: Set<string>) => void;
  readOnly: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const form = useForm({ key: section.key, name: section.name });
  useEffect(() => form.setValues({ key: section.key, name: section.name }), [section.key, section.name]); // eslint-disable-line react-hooks/exhaustive-deps
  const seats = seatCount(section);
  return (
    <li className={`${active ? 'active' : ''}${issues?.length ? ' invalid' : ''}`}>
      <div className="item-row">
        <button type="button" className="linkish grow" aria-pressed={active} onClick={() => setActive(active ? undefined : s)}>
          <strong>{section.key}</strong> {section.name !== section.key && section.name} <small className="hint">
            {section.rows.length} rows · {seats} seats
          </small>
        </button>
      </div>
      <IssueList issues={issues} />
      {active && (
        <div className="section-detail">
          <div className="toolbar">
            <button type="button" onClick={() => select(rowSelection(doc, s))} disabled={seats === 0}>
              Select all seats
            </button>
            {!readOnly && (
              <>
                <button type="button" onClick={() => setEditing((x) => !x)} aria-expanded={editing}>
                  Rename section
                </button>
                <button type="button" onClick={() => apply((d) => ({ ...d, sections: d.sections.map((x, i) => (i === s ? fitBounds(x, true) : x)) }))} disabled={seats === 0}>
                  Fit bounds to seats
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (seats === 0 || confirm(`Delete section ${section.key} and its ${seats} seats?`)) {
                      apply((d) => removeSection(d, s));
                      setActive(undefined);
                      select(new Set());
                    }
                  }}
                >
                  Delete section
                </button>
              </>
            )}
          </div>
          {editing && (
            <form
              className="compact-form"
              aria-label={`Rename section ${section.key}`}
              noValidate
              onSubmit={(e) =>
                form.submit(async (v) => {
                  await local(() => apply((d) => updateSection(d, s, { key: v.key, name: v.name })));
                  setEditing(false);
                }, e)
              }
            >
              <div className="row">
                <Input form={form} name="key" label="Section key" />
                <Input form={form} name="name" label="Section name" />
              </div>
              <SubmitButton busy={form.busy}>Save section</SubmitButton>
            </form>
          )}
          {section.rows.length === 0 ? (
            <p className="hint">No rows yet: use Add row below.</p>
          ) : (
            <table className="rows-table">
              <caption className="visually-hidden">Rows of section {section.key}</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Seats</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {section.rows.map((row, r) => (
                  <RowItem key={r} doc={doc} s={s} r={r} apply={apply} select={select} readOnly={readOnly} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </li>
  );
}

function RowItem({ doc, s, r, apply, select, readOnly }: { doc: LayoutDocument; s: number; r: number; apply: Apply; select: (keys: Set<string>) => void; readOnly: boolean }) {
  const row = doc.sections[s]!.rows[r]!;
  const [mode, setMode] = useState<'view' | 'rename' | 'renumber'>('view');
  const form = useForm({ label: row.label, firstSeat: '1', numbering: 'left-to-right' as AddRowsInput['numbering'] });
  const first = row.seats[0]?.label;
  const last = row.seats.at(-1)?.label;
  return (
    <tr>
      <th scope="row">{row.label}</th>
      <td>
        {row.seats.length} <small className="hint">({first}–{last})</small>
      </td>
      <td>
        {mode === 'view' ? (
          <div className="toolbar tight">
            <button type="button" onClick={() => select(rowSelection(doc, s, r))} aria-label={`Select row ${row.label}`}>
              Select
            </button>
            {!readOnly && (
              <>
                <button type="button" onClick={() => setMode('rename')} aria-label={`Rename row ${row.label}`}>
                  Rename
                </button>
                <button type="button" onClick={() => setMode('renumber')} aria-label={`Renumber seats of row ${row.label}`}>
                  Renumber
                </button>
                <button type="button" className="danger" onClick={() => apply((d) => removeRow(d, s, r))} aria-label={`Delete row ${row.label}`}>
                  Delete
                </button>
              </>
            )}
          </div>
        ) : (
          <form
            className="compact-form"
            noValidate
            onSubmit={(e) =>
              form.submit(async (v) => {
                await local(() =>
                  apply((d) => (mode === 'rename' ? renameRow(d, s, r, v.label) : renumberRow(d, s, r, v.firstSeat, 1, v.numbering))),
                );
                setMode('view');
              }, e)
            }
          >
            {mode === 'rename' ? (
              <Input form={form} name="label" label="Row label" />
            ) : (
              <>
                <Input form={form} name="firstSeat" label="First seat label" />
                <Select form={form} name="numbering" label="Numbering" options={NUMBERING} />
              </>
            )}
            <div className="toolbar tight">
              <SubmitButton busy={form.busy}>{mode === 'rename' ? 'Save row' : 'Renumber'}</SubmitButton>
              <button type="button" onClick={() => setMode('view')}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </td>
    </tr>
  );
}

const NUMBERING = [
  { value: 'left-to-right', label: 'Left to right (facing the stage)' },
  { value: 'right-to-left', label: 'Right to left (facing the stage)' },
];

/* ---- Add row ---- */

type AddRowValues = {
  section: string;
  rowLabel: string;
  rows: number | '';
  seatsPerRow: number | '';
  firstSeat: string;
  seatStep: string;
  numbering: AddRowsInput['numbering'];
  shape: AddRowsInput['shape'];
  seatSpacing: number | '';
  rowSpacing: number | '';
  category: string;
};

export function AddRowPanel({ doc, apply, active, setActive }: { doc: LayoutDocument; apply: Apply; active: number | undefined; setActive: (s: number) => void }) {
  const d = defaultAddRows(doc, active);
  const form = useForm<AddRowValues>({
    section: active === undefined ? '' : String(active),
    rowLabel: '',
    rows: 1,
    seatsPerRow: 10,
    firstSeat: '1',
    seatStep: '1',
    numbering: 'left-to-right',
    shape: 'straight',
    seatSpacing: d.seatSpacing,
    rowSpacing: d.rowSpacing,
    category: d.category,
  });
  // Follow the section chosen on the plan or in the list, and a category added meanwhile.
  useEffect(() => {
    if (active !== undefined) form.set('section', String(active));
  }, [active]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!doc.categories.some((c) => c.key === form.values.category)) form.set('category', doc.categories.at(-1)?.key ?? '');
  }, [doc.categories]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const current = form.values.section === '' ? -1 : Number(form.values.section);
    if (current < 0 || current >= doc.sections.length) form.set('section', doc.sections.length ? String(doc.sections.length - 1) : '');
  }, [doc.sections.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const s = form.values.section === '' ? undefined : Number(form.values.section);
  const rowSuggestion = nextFreeLabel(s === undefined ? [] : (doc.sections[s]?.rows.map((r) => r.label) ?? []), 'A');
  const fields = ['section', 'rowLabel', 'rows', 'seatsPerRow', 'firstSeat', 'seatStep', 'numbering', 'shape', 'seatSpacing', 'rowSpacing', 'category'];
  return (
    <Panel title="Add row">
      {doc.sections.length === 0 ? (
        <p className="hint">Add or draw a section first.</p>
      ) : (
        <form
          className="compact-form"
          aria-label="Add row"
          noValidate
          onSubmit={(e) =>
            form.submit(async (v) => {
              if (s === undefined) throw new ApiError({ title: 'Choose a section', status: 0, errors: [{ path: 'section', message: 'Choose a section' }] });
              await local(() =>
                apply((doc2) =>
                  addRows(doc2, s, {
                    rowLabel: v.rowLabel.trim() || rowSuggestion,
                    rows: Number(v.rows),
                    seatsPerRow: Number(v.seatsPerRow),
                    firstSeat: v.firstSeat,
                    seatStep: Number(v.seatStep),
                    numbering: v.numbering,
                    shape: v.shape,
                    seatSpacing: Number(v.seatSpacing),
                    rowSpacing: Number(v.rowSpacing),
                    category: v.category,
                  }),
                ),
              );
              setActive(s);
              form.set('rowLabel', '');
            }, e)
          }
        >
          <ProblemBanner error={form.problem} fields={fields} />
          <Select form={form} name="section" label="Section" options={doc.sections.map((x, i) => ({ value: String(i), label: `${x.key} — ${x.name}` }))} />
          <div className="row">
            <Input form={form} name="rowLabel" label="Row label" placeholder={rowSuggestion} hint="Empty for the next one" />
            <Input form={form} name="seatsPerRow" label="Number of seats" type="number" min={1} />
          </div>
          <div className="row">
            <Input form={form} name="rows" label="Rows to add" type="number" min={1} hint="Each one behind the last" />
            <Select form={form} name="category" label="Category" options={doc.categories.length ? doc.categories.map((c) => ({ value: c.key, label: c.name })) : [{ value: '', label: 'Add a category first' }]} />
          </div>
          <div className="row">
            <Input form={form} name="firstSeat" label="First seat label" hint="1, 101, A or A1" />
            <Select
              form={form}
              name="seatStep"
              label="Seat numbers"
              options={[
                { value: '1', label: 'Consecutive (1, 2, 3)' },
                { value: '2', label: 'Odd or even (1, 3, 5)' },
              ]}
            />
          </div>
          <Select form={form} name="numbering" label="Numbering" options={NUMBERING} />
          <Select
            form={form}
            name="shape"
            label="Row shape"
            options={[
              { value: 'straight', label: 'Straight' },
              { value: 'angled', label: 'Straight, turned to face the stage' },
              { value: 'curved', label: 'Curved around the stage' },
            ]}
          />
          <div className="row">
            <Input form={form} name="seatSpacing" label="Seat spacing (cm)" type="number" min={10} />
            <Input form={form} name="rowSpacing" label="Row spacing (cm)" type="number" min={10} />
          </div>
          <SubmitButton busy={form.busy}>Add row</SubmitButton>
        </form>
      )}
    </Panel>
  );
}

/* ---- Selection ---- */

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

export function GaPanel({ doc, apply, issues, readOnly }: { doc: LayoutDocument; apply: Apply; issues: PlacedIssues | null; readOnly: boolean }) {
  const form = useForm({ name: '', key: '', capacity: '' as number | '' });
  const total = doc.gaAreas.reduce((sum, a) => sum + a.capacity, 0);
  return (
    <Panel title="General admission" badge={<span className="badge">{total}</span>}>
      <p className="hint">Standing or unreserved areas: sold by count, no seats.</p>
      <IssueList issues={issues?.lists.gaAreas} />
      <EditableItems
        items={doc.gaAreas}
        issues={issues?.forGaArea}
        editor={(i, done) => <GaEditor doc={doc} index={i} apply={apply} onDone={done} />}
        row={(a, i, edit) => (
          <>
            <span className="grow">
              <strong>{a.name}</strong> <code>{a.key}</code> · capacity {a.capacity.toLocaleString()}
            </span>
            {!readOnly && (
              <>
                <button type="button" onClick={edit} aria-label={`Edit area ${a.name}`}>
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => apply((d) => removeGaArea(d, i))} aria-label={`Remove area ${a.name}`}>
                  Remove
                </button>
              </>
            )}
          </>
        )}
      />
      {!readOnly && (
        <form
          className="compact-form"
          aria-label="Add general-admission area"
          noValidate
          onSubmit={(e) =>
            form.submit(async (v) => {
              await local(() => apply((d) => addGaArea(d, { key: v.key.trim() || suggestGaKey(d), name: v.name, capacity: Number(v.capacity) })));
              form.setValues({ name: '', key: '', capacity: '' });
            }, e)
          }
        >
          <ProblemBanner error={form.problem} fields={['name', 'key', 'capacity']} />
          <Input form={form} name="name" label="Area name" placeholder="e.g. Standing floor" />
          <div className="row">
            <Input form={form} name="key" label="Area key" placeholder={suggestGaKey(doc)} />
            <Input form={form} name="capacity" label="Capacity" type="number" min={1} />
          </div>
          <SubmitButton busy={form.busy}>Add GA area</SubmitButton>
        </form>
      )}
    </Panel>
  );
}

function GaEditor({ doc, index, apply, onDone }: { doc: LayoutDocument; index: number; apply: Apply; onDone: () => void }) {
  const a = doc.gaAreas[index]!;
  const form = useForm({ name: a.name, key: a.key, capacity: a.capacity as number | '' });
  return (
    <form
      className="compact-form"
      aria-label={`Edit area ${a.name}`}
      noValidate
      onSubmit={(e) =>
        form.submit(async (v) => {
          await local(() => apply((d) => updateGaArea(d, index, { name: v.name, key: v.key, capacity: Number(v.capacity) })));
          onDone();
        }, e)
      }
    >
      <Input form={form} name="name" label="Area name" />
      <div className="row">
        <Input form={form} name="key" label="Area key" />
        <Input form={form} name="capacity" label="Capacity" type="number" min={1} />
      </div>
      <div className="toolbar tight">
        <SubmitButton busy={form.busy}>Save area</SubmitButton>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/* ---- Problems ---- */

export function ProblemsPanel({ issues, onShow }: { issues: PlacedIssues; onShow: (i: PlacedIssue) => void }) {
  return (
    <Panel title="Problems to fix" badge={<span className="badge bad">{issues.all.length}</span>}>
      <ul className="issues" role="alert">
        {issues.all.map((i, n) => (
          <li key={n}>
            <strong>{i.where}:</strong> {i.message}{' '}
            {(i.target.kind === 'seat' || i.target.kind === 'row' || i.target.kind === 'section') && (
              <button type="button" className="linkish" onClick={() => onShow(i)}>
                Show
              </button>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
