/**
 * The seating builder's sections panel: each section with its rows and seats (rename, renumber, remove, select).
 */
import { useEffect, useState } from 'react';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { addSection, fitBounds, removeRow, removeSection, renameRow, renumberRow, rowSelection, seatCount, suggestSectionKey, updateSection, type AddRowsInput, type LayoutDocument } from '../../seating/document';
import { type Apply, local, Panel, IssueList } from './panel-kit';
import { NUMBERING } from './add-row-panel';
import type { PlacedIssues, PlacedIssue } from '../../seating/issues';
import { plural } from '../../../ui/plural';
import { Table } from '../../../ui/table';

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
                    if (seats === 0 || confirm(`Delete section ${section.key} and its ${plural(seats, 'seat')}?`)) {
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
            <Table<{ r: number }>
              className="rows-table"
              caption={`Rows of section ${section.key}`}
              captionHidden
              items={section.rows.map((_, r) => ({ r }))}
              rowKey={({ r }) => String(r)}
              columns={[
                { header: 'Row', rowHeader: true, cell: ({ r }) => section.rows[r]!.label },
                { header: 'Seats', cell: ({ r }) => <RowSeats row={section.rows[r]!} /> },
                { header: 'Actions', wide: true, cell: ({ r }) => <RowActions doc={doc} s={s} r={r} apply={apply} select={select} readOnly={readOnly} /> },
              ]}
            />
          )}
        </div>
      )}
    </li>
  );
}

function RowSeats({ row }: { row: LayoutDocument['sections'][number]['rows'][number] }) {
  return (
    <>
      {row.seats.length} <small className="hint">({row.seats[0]?.label}–{row.seats.at(-1)?.label})</small>
    </>
  );
}

/** A row's buttons, or the form that renames or renumbers it. */
function RowActions({ doc, s, r, apply, select, readOnly }: { doc: LayoutDocument; s: number; r: number; apply: Apply; select: (keys: Set<string>) => void; readOnly: boolean }) {
  const row = doc.sections[s]!.rows[r]!;
  const [mode, setMode] = useState<'view' | 'rename' | 'renumber'>('view');
  const form = useForm({ label: row.label, firstSeat: '1', numbering: 'left-to-right' as AddRowsInput['numbering'] });
  return mode === 'view' ? (
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
  );
}
