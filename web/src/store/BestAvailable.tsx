/** Best available: the engine picks the best block of seats for a type, category and count (docs/inventory.md). */
import { Checkbox, Input, ProblemBanner, Select, useForm } from '../ui/forms';
import type { TicketType } from './cart';
import type { createHold } from './holds-api';
import { useI18n } from './I18n';
import type { SeatModel } from './seatmap/model';

export function BestAvailable({ types, model, onHold }: { types: TicketType[]; model: SeatModel; onHold: (body: Parameters<typeof createHold>[1]) => Promise<void> }) {
  const { t } = useI18n();
  const form = useForm({ ticketTypeId: types[0]?.id ?? '', category: '', quantity: 2 as number | '', accessible: false });
  const type = types.find((x) => x.id === form.values.ticketTypeId) ?? types[0];
  if (!type) return null;
  const categoryOptions = [{ value: '', label: t.anyCategory }, ...type.categories.map((k) => ({ value: k, label: model.categories.find((c) => c.key === k)?.name ?? k }))];
  return (
    <section className="card" aria-labelledby="best-heading">
      <h2 id="best-heading">{t.bestAvailable}</h2>
      <p className="hint">{t.bestAvailableHint}</p>
      <form
        onSubmit={(e) =>
          void form.submit(async (v) => {
            const category = type.categories.includes(v.category) ? v.category : undefined;
            await onHold({
              ticketTypeId: type.id,
              bestAvailable: { quantity: Number(v.quantity) || 0, ...(category ? { category } : {}), ...(v.accessible ? { accessible: true } : {}) },
            });
          }, e)
        }
      >
        {types.length > 1 && <Select form={form} name="ticketTypeId" label={t.ticketType} options={types.map((x) => ({ value: x.id, label: x.name }))} />}
        {type.categories.length > 1 && <Select form={form} name="category" label={t.category} options={categoryOptions} errorKey="bestAvailable.category" />}
        <Input form={form} name="quantity" label={t.numberOfSeats} type="number" min={1} step={1} errorKey="bestAvailable.quantity" />
        <Checkbox form={form} name="accessible" label={t.accessibleSeats} errorKey="bestAvailable.accessible" />
        <ProblemBanner error={form.problem} fields={['bestAvailable.quantity', 'bestAvailable.category', 'bestAvailable.accessible']} />
        <button type="submit" disabled={form.busy} aria-busy={form.busy}>
          {t.findBestSeats}
        </button>
      </form>
    </section>
  );
}
