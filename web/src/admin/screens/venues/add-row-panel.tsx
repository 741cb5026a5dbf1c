/**
 * The seating builder's "Add row" panel: rows of seats added to a section with numbering, spacing and curve.
 */
import { useEffect } from 'react';
import { ApiError } from '../../../api/client';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { addRows, defaultAddRows, type AddRowsInput, type LayoutDocument } from '../../seating/document';
import { nextFreeLabel } from '../../seating/labels';
import { type Apply, local, Panel } from './panel-kit';

export const NUMBERING = [
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
