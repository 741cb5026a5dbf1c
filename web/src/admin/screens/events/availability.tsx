/** Availability tab: live counts from the event's inventory (GET …/availability) per ticket type and standing area. */
import { Link } from 'wouter';
import { api, call } from '../../../api/client';
import { figures, ticketTypeRows } from '../../live/state';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { useEventSetup } from './ticket-types';
import { LoadError, useLoad } from '../../../ui/load';
import { Table } from '../../../ui/table';

export function Availability() {
  const { event } = useEvent();
  const { orgId, organization } = useOrg();
  const { types, layout } = useEventSetup();
  const avail = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/availability', { params: { path: { orgId, eventId: event.id } } })), [orgId, event.id]);
  const nf = new Intl.NumberFormat(organization.settings.locale);
  if (event.status === 'draft') return <p className="banner">Availability is counted once the event is published (the seating layout is frozen into its inventory then).</p>;
  const a = avail.data;
  const f = a ? figures(a.counts) : null;
  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Availability</h2>
        <span className="toolbar" style={{ margin: 0 }}>
          <button type="button" onClick={avail.reload} disabled={avail.loading}>
            Refresh
          </button>
          <Link href="/dashboard" className="button">
            Live dashboard
          </Link>
        </span>
      </div>
      <LoadError error={avail.error} />
      {a && f && (
        <>
          <dl className="facts" aria-live="polite">
            <dt>Capacity</dt>
            <dd>{nf.format(f.capacity)}</dd>
            <dt>Sold</dt>
            <dd>
              {nf.format(f.sold)} ({f.soldPercent} %)
            </dd>
            <dt>Held in carts</dt>
            <dd>
              {nf.format(f.held)} in {nf.format(a.activeHolds)} active {a.activeHolds === 1 ? 'hold' : 'holds'}
            </dd>
            <dt>Available</dt>
            <dd>{nf.format(f.available)}</dd>
            <dt>Checked in</dt>
            <dd>{nf.format(f.checkedIn)}</dd>
          </dl>
          <h3>Per ticket type</h3>
          <CountsTable
            nameHeader="Ticket type"
            noLimit="Unlimited"
            nf={nf}
            rows={ticketTypeRows(a.counts.ticketTypes, types.data).map((r) => ({ ...r, key: r.id }))}
          />
          {Object.keys(a.counts.areas).length > 0 && (
            <>
              <h3>Standing areas</h3>
              <CountsTable
                nameHeader="Area"
                noLimit="—"
                nf={nf}
                rows={Object.entries(a.counts.areas).map(([key, u]) => ({ ...u, key, name: layout.data?.gaAreas.find((g) => g.key === key)?.name ?? key }))}
              />
            </>
          )}
        </>
      )}
    </>
  );
}

type CountsRow = { key: string; name: string; capacity: number | null; sold: number; held: number; available: number | null };

/** Capacity, sold, held and available per ticket type or standing area (`noLimit` stands for a capacity of none). */
function CountsTable({ nameHeader, noLimit, rows, nf }: { nameHeader: string; noLimit: string; rows: CountsRow[]; nf: Intl.NumberFormat }) {
  return (
    <Table<CountsRow>
      items={rows}
      rowKey={(r) => r.key}
      empty="None."
      columns={[
        { header: nameHeader, rowHeader: true, cell: (r) => r.name },
        { header: 'Capacity', cell: (r) => (r.capacity === null ? noLimit : nf.format(r.capacity)) },
        { header: 'Sold', cell: (r) => nf.format(r.sold) },
        { header: 'Held', cell: (r) => nf.format(r.held) },
        { header: 'Available', cell: (r) => (r.available === null ? '—' : nf.format(r.available)) },
      ]}
    />
  );
}
