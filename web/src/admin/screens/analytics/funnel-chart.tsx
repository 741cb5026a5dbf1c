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
import { Table } from '../../../ui/table';

/** A step as the table shows it: its row, and its events when the funnel counts them. */
type Step = ReturnType<typeof funnelRows>[number] & { events?: number };

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
        <Table<Step>
          caption={`Visitors per step, ${from} to ${to}`}
          items={rows.map((r, i) => ({ ...r, events: events?.[i] }))}
          rowKey={(r) => r.kind}
          rowProps={(r) => ({ 'data-step': r.kind })}
          columns={[
            { header: 'Step', rowHeader: true, cell: (r) => r.label },
            { header: 'Visitors', className: 'num', cell: (r) => nf.format(r.visitors) },
            ...(events ? [{ header: 'Events', className: 'num', attrs: { 'data-events': '' }, cell: (r: Step) => nf.format(r.events ?? 0) }] : []),
            { header: 'Of the first step', className: 'num', cell: (r) => r.fromStart },
            { header: 'Of the previous step', className: 'num', cell: (r) => r.fromPrevious },
            { header: 'Median time from previous', className: 'num', cell: (r) => r.median },
          ]}
        />
      </div>
      {events && <p className="hint">Events count every time a step happened, also for visitors who asked not to be tracked and for orders confirmed by the payment provider, which cannot be tied to a visitor.</p>}
      <FreshnessNote freshness={freshness} />
    </>
  );
}
