/** The order search: buyer email or name (prefix) or an order id, status and event; newest first, paged. */
import { useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../../api/client';
import { PagedTable, usePaged } from '../../../ui/list';
import { useOrg } from '../../session';
import { eventName, Money, StatusBadge, Time, useEvents } from '../ops/common';
import { humanize, shortId } from '../ops/logic';
import '../ops/ops.css';

export const ORDER_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired'] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];

export function OrderList() {
  const { orgId } = useOrg();
  const { events, byId } = useEvents();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (ORDER_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as OrderStatus) : '';
  const eventId = params.get('eventId') ?? '';
  const [text, setText] = useState(q);

  const update = (next: { q?: string; status?: string; eventId?: string }) => {
    const merged = { q, status, eventId, ...next };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    setParams(p, { replace: true });
  };

  const list = usePaged<Schemas['OrderSummary']>(
    (cursor) =>
      call(
        api.GET('/api/v1/orgs/{orgId}/orders', {
          params: { path: { orgId }, query: { cursor, limit: 25, q: q || undefined, status: status || undefined, eventId: eventId || undefined } },
        }),
      ),
    [orgId, q, status, eventId],
  );

  return (
    <>
      <h1>Orders</h1>
      <p>
        <Link href="/refund-requests">Refund requests</Link>
      </p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Search orders"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() });
        }}
      >
        <div className="field grow">
          <label htmlFor="order-q">Search</label>
          <input id="order-q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Buyer email or name, or an order id" maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="order-status">Status</label>
          <select id="order-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="order-event">Event</label>
          <select id="order-event" value={eventId} onChange={(e) => update({ eventId: e.target.value })}>
            <option value="">All events</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {ev.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Search
        </button>
        {(q || status || eventId) && (
          <button
            type="button"
            onClick={() => {
              setText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <PagedTable
        list={list}
        caption={q || status || eventId ? 'Orders matching the filters, newest first' : 'Orders, newest first'}
        rowKey={(o) => o.id}
        empty={q || status || eventId ? 'No orders match these filters.' : 'No orders yet.'}
        columns={[
          {
            header: 'Order',
            cell: (o) => (
              <Link href={`/${o.id}`} className="ops-id nowrap" title={o.id}>
                {shortId(o.id)}
              </Link>
            ),
          },
          {
            header: 'Buyer',
            cell: (o) => (
              <>
                {o.buyerName}
                <br />
                <small className="hint">{o.buyerEmail}</small>
              </>
            ),
          },
          { header: 'Event', cell: (o) => eventName(byId, o.eventId) },
          { header: 'Status', cell: (o) => <StatusBadge status={o.status} /> },
          { header: 'Total', cell: (o) => <Money minor={o.totalMinor} currency={o.currency} /> },
          { header: 'Created', cell: (o) => <Time iso={o.createdAt} /> },
        ]}
      />
    </>
  );
}
