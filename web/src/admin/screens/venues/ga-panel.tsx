/**
 * The seating builder's general-admission areas panel: list, add, edit and remove GA areas.
 */
import { Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { addGaArea, removeGaArea, suggestGaKey, updateGaArea, type LayoutDocument } from '../../seating/document';
import { type Apply, local, Panel, IssueList, EditableItems } from './panel-kit';
import type { PlacedIssues } from '../../seating/issues';

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
