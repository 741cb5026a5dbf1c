/** The event page's selection pieces: a GA quantity picker, the selection (picked seats with their ticket type, GA quantities), the held tickets, the map legend. */
import type { Dispatch, RefObject, SetStateAction } from 'react';
import { gaLimit, priceForCategory, seatedTypesFor, stepQuantity, type GaQuantities, type Hold, type SeatPick, type TicketType } from './cart';
import { useI18n } from './I18n';
import { seatText } from './labels';
import { COLORS } from './seatmap/batches';
import type { SeatModel } from './seatmap/model';

export function QuantityPicker({ type, value, onChange }: { type: TicketType; value: number; onChange: (q: number) => void }) {
  const { t } = useI18n();
  const max = gaLimit(type);
  const id = `qty-${type.id}`;
  return (
    <div className="qty">
      <label htmlFor={id}>{t.quantityFor(type.name)}</label>
      <div className="qty-controls">
        <button type="button" onClick={() => onChange(stepQuantity(value, -1, type))} disabled={value <= 0} aria-label={t.fewer(type.name)}>
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          onChange={(e) => {
            const n = Number(e.target.value);
            onChange(Number.isFinite(n) ? Math.max(0, Math.min(max, Math.floor(n))) : 0);
          }}
        />
        <button type="button" onClick={() => onChange(stepQuantity(value, 1, type))} disabled={value >= max} aria-label={t.more(type.name)}>
          +
        </button>
      </div>
    </div>
  );
}

export function PickLine({
  pick,
  types,
  sectionNames,
  onRemove,
  onType,
}: {
  pick: SeatPick;
  types: readonly TicketType[];
  sectionNames?: ReadonlyMap<string, string>;
  onRemove: () => void;
  onType: (id: string) => void;
}) {
  const { t, money } = useI18n();
  const options = seatedTypesFor(types, pick.category);
  const type = types.find((x) => x.id === pick.ticketTypeId);
  const name = seatText(pick.seatId, t, sectionNames);
  return (
    <li>
      <span>{name}</span>
      {options.length > 1 ? (
        <select aria-label={t.ticketTypeFor(name)} value={pick.ticketTypeId} onChange={(e) => onType(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({money(o.priceMinor, o.currency)})
            </option>
          ))}
        </select>
      ) : (
        <span className="hint">{type?.name}</span>
      )}
      {type && <span className="price">{money(type.priceMinor, type.currency)}</span>}
      <button type="button" className="link" onClick={onRemove} aria-label={t.remove(name)}>
        ✕
      </button>
    </li>
  );
}

export function Legend({ model, types, sellable }: { model: SeatModel; types: readonly TicketType[]; sellable: readonly boolean[] }) {
  const { t, money } = useI18n();
  return (
    <ul className="legend">
      {model.categories.map((c, i) => {
        if (!sellable[i]) return null;
        const price = priceForCategory(types, c.key);
        return (
          <li key={c.key}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
            {price && ` · ${money(price.minor, price.currency)}`}
          </li>
        );
      })}
      <li>
        <span className="swatch small" style={{ background: COLORS.unavailable }} aria-hidden="true" /> {t.legendUnavailable}
      </li>
      <li>
        <span className="swatch ring" style={{ background: COLORS.selected }} aria-hidden="true" /> {t.legendSelected}
      </li>
      <li>
        <span className="swatch" style={{ background: COLORS.mine }} aria-hidden="true" /> {t.legendMine}
      </li>
    </ul>
  );
}

export function SelectionCard({
  picks,
  setPicks,
  ga,
  setGa,
  gaTypes,
  types,
  sectionNames,
  estimate,
  emptyText,
}: {
  picks: SeatPick[];
  setPicks: Dispatch<SetStateAction<SeatPick[]>>;
  ga: GaQuantities;
  setGa: Dispatch<SetStateAction<GaQuantities>>;
  gaTypes: readonly TicketType[];
  types: readonly TicketType[];
  sectionNames?: ReadonlyMap<string, string>;
  estimate: boolean;
  /** What an empty selection says (seats to pick or not). */
  emptyText: string;
}) {
  const { t, money } = useI18n();
  return (
        <section className="card" aria-labelledby="selection-heading">
          <h2 id="selection-heading">{t.yourSelection}</h2>
          {picks.length === 0 && Object.values(ga).every((q) => !q) ? (
            <p className="hint">{emptyText}</p>
          ) : (
            <ul className="selection">
              {picks.map((p) => (
                <PickLine key={p.seatId} pick={p} types={types} sectionNames={sectionNames} onRemove={() => setPicks((ps) => ps.filter((x) => x.seatId !== p.seatId))} onType={(id) => setPicks((ps) => ps.map((x) => (x.seatId === p.seatId ? { ...x, ticketTypeId: id } : x)))} />
              ))}
              {gaTypes
                .filter((g) => (ga[g.id] ?? 0) > 0)
                .map((g) => (
                  <li key={g.id}>
                    <span>
                      {ga[g.id]} × {g.name}
                    </span>
                    <span className="price">{money(g.priceMinor * (ga[g.id] ?? 0), g.currency)}</span>
                    <button type="button" className="link" onClick={() => setGa((x) => ({ ...x, [g.id]: 0 }))} aria-label={t.remove(g.name)}>
                      ✕
                    </button>
                  </li>
                ))}
            </ul>
          )}
          {picks.length > 1 && (
            <button type="button" onClick={() => setPicks([])}>
              {t.clearSelection}
            </button>
          )}
          {estimate && <p className="hint">{t.estimateNote}</p>}
        </section>
  );
}

export function HeldCard({ holds, types, sectionNames, headingRef }: { holds: Hold[]; types: readonly TicketType[]; sectionNames?: ReadonlyMap<string, string>; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useI18n();
  return (
        <section className="card held" aria-labelledby="held-heading">
          <h2 id="held-heading" ref={headingRef} tabIndex={-1}>
            {t.heldTickets}
          </h2>
          <ul className="selection">
            {holds.map((h) => {
              const tt = types.find((x) => x.id === h.ticketTypeId);
              return h.seats.length ? (
                h.seats.map((s) => (
                  <li key={s}>
                    <span>{seatText(s, t, sectionNames)}</span>
                    <span className="hint">{tt?.name}</span>
                  </li>
                ))
              ) : (
                <li key={h.id}>
                  <span>
                    {h.quantity} × {tt?.name}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
  );
}
