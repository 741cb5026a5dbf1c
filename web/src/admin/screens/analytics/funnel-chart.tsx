/**
 * A funnel's steps drawn once for the whole console: a summary line, a bar per step (visitors against the biggest
 * step) and the table behind it (visitors, share of the first and of the previous step, median time from the previous
 * step), then when the figures were computed. Used by the History screen's funnel panel (an event's canonical funnel)
 * and the Funnels screen (a saved funnel's conversion). Pure parts: ./funnel-logic.ts.
 */
import { useMemo } from 'react';
import { FreshnessNote } from '../../reports/freshness';
import type { Freshness, FunnelStep } from './api';
import { funnelEmpty, funnelRows, funnelSummary } from './funnel-logic';

export function Bar({ width }: { width: number }) {
  return (
    <span className="lane" aria-hidden="true">
      <span className="track" style={{ width: `${width}%` }}>
        <span className="sold" style={{ width: '100%' }} />
      </span>
    </span>
  );
}

/**
 * `events` (the event funnel has them, a saved funnel's conversion not): every row of the step, those without a visitor
 * id too — buyers who asked not to be tracked, and an order completed by the payment provider's webhook, which knows no
 * visitor — shown as a column beside the visitors.
 */
export function FunnelChart({ steps, from, to, freshness, locale }: { steps: readonly (FunnelStep & { events?: number })[]; from: string; to: string; freshness: Freshness; locale?: string }) {
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  if (funnelEmpty(steps)) return null;
  const rows = funnelRows(steps, locale);
  const events = steps.every((s) => typeof s.events === 'number') ? steps.map((s) => s.events ?? 0) : null;
  return (
    <>
      <p className="hint">{funnelSummary(steps, nf, locale)}</p>
      {rows.map((r) => (
        <div key={r.kind} className="type-bar" aria-hidden="true">
          <span className="type-name">{r.label}</span>
          <Bar width={r.width} />
          <span className="type-figure">{nf.format(r.visitors)}</span>
        </div>
      ))}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{`Visitors per step, ${from} to ${to}`}</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="num">Visitors</th>
              {events && (
                <th scope="col" className="num">
                  Events <span className="visually-hidden">(untracked visitors and payment confirmations included)</span>
                </th>
              )}
              <th scope="col" className="num">Of the first step</th>
              <th scope="col" className="num">Of the previous step</th>
              <th scope="col" className="num">Median time from previous</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.kind} data-step={r.kind}>
                <th scope="row">{r.label}</th>
                <td className="num">{nf.format(r.visitors)}</td>
                {events && <td className="num" data-events="">{nf.format(events[i]!)}</td>}
                <td className="num">{r.fromStart}</td>
                <td className="num">{r.fromPrevious}</td>
                <td className="num">{r.median}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events && <p className="hint">Events count every time a step happened, also for visitors who asked not to be tracked and for orders confirmed by the payment provider, which cannot be tied to a visitor.</p>}
      <FreshnessNote freshness={freshness} />
    </>
  );
}
