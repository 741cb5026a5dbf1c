/**
 * The seating builder's categories panel: list, add, edit (name, colour, price band hint) and remove categories.
 */
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { addCategory, categoryUse, PALETTE, removeCategory, suggestCategory, updateCategory, type LayoutDocument } from '../../seating/document';
import { type Apply, local, Panel, IssueList, EditableItems, ColorInput } from './panel-kit';
import type { PlacedIssues } from '../../seating/issues';
import { plural } from '../../../ui/plural';

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
          <Select form={form} name="moveTo" label={`Move its ${plural(used, 'seat')} to`} options={others.map((o) => ({ value: o.key, label: o.name }))} errorKey="category" />
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
