/**
 * "Choose from a list": the seat map for keyboards and screen readers. Pick a section (and optionally a row), then
 * toggle seats; each button's name says "Row A, seat 3 — available" / "— unavailable" / "— held for you" and
 * follows the live channel, and unavailable seats are disabled.
 */
import { useId, useMemo, useState } from 'react';
import { AVAILABLE, type SeatModel } from './seatmap/model';
import { useI18n } from './I18n';

type Props = {
  model: SeatModel;
  /** Bumped whenever statuses or picks change, so the list re-reads the model. */
  tick: number;
  sellable: readonly boolean[];
  picked: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  /** False while the buyer holds tickets (release to pick again). */
  canPick: boolean;
  onPick: (seat: number) => void;
  describe: (seat: number) => string;
};

export function SeatList({ model, tick, sellable, picked, mine, canPick, onPick, describe }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [section, setSection] = useState(0);
  const [row, setRow] = useState('');
  const sec = model.sections[Math.min(section, model.sections.length - 1)];
  const rows = useMemo(() => (sec ? (row ? sec.rows.filter((r) => r.label === row) : sec.rows) : []), [sec, row]);
  void tick;

  if (!sec) return null;
  return (
    <div className="seat-list">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-section`}>{t.section}</label>
          <select
            id={`${id}-section`}
            value={section}
            onChange={(e) => {
              setSection(Number(e.target.value));
              setRow('');
            }}
          >
            {model.sections.map((s, i) => (
              <option key={s.key} value={i}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-row`}>{t.row}</label>
          <select id={`${id}-row`} value={row} onChange={(e) => setRow(e.target.value)}>
            <option value="">{t.allRows}</option>
            {sec.rows.map((r) => (
              <option key={r.label} value={r.label}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows.map((r) => (
        <div key={r.label} className="seat-row" role="group" aria-label={t.rowGroup(r.label)}>
          <span className="seat-row-label" aria-hidden="true">
            {r.label}
          </span>
          <div className="seat-buttons">
            {r.seats.map((i) => {
              const isMine = mine.has(i);
              const available = model.status[i] === AVAILABLE && sellable[model.category[i]!] === true;
              const state = isMine ? 'mine' : available ? 'available' : 'unavailable';
              const pressed = picked.has(i) || isMine;
              return (
                <button
                  key={i}
                  type="button"
                  className={`seat-btn ${state}`}
                  style={available && !pressed ? { borderColor: model.categories[model.category[i]!]?.color } : undefined}
                  aria-pressed={pressed}
                  aria-label={t.seatName(r.label, model.label[i]!, state)}
                  title={describe(i)}
                  disabled={!available || isMine || !canPick}
                  onClick={() => onPick(i)}
                >
                  {model.label[i]}
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
