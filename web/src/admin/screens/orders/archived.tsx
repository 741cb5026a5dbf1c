/**
 * An order of an archived event (its rows pruned from D1, kept in the reporting database): read-only, from
 * GET /orgs/{orgId}/archived-orders/{orderId}. Shown when the live order page answers 404.
 */
import { api, call } from '../../../api/client';
import { useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { BackLink, Money, RecordPending, StatusBadge, Time } from '../ops/common';
import '../ops/ops.css';

export function ArchivedOrderDetail({ orderId }: { orderId: string }) {
  const { orgId } = useOrg();
  const { data: order, error } = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/archived-orders/{orderId}', { params: { path: { orgId, orderId } } })), [orgId, orderId]);
  if (error || !order) return <RecordPending area="orders" label="Orders" error={error} />;
  return (
    <>
      <BackLink area="orders" label="Orders" />
      <div className="ops-head">
        <h1>
          Order <span className="ops-id">{order.id}</span>
        </h1>
        <StatusBadge status={order.status} />
        {order.archived && <span className="badge">Archived</span>}
      </div>
      <p className="hint">This event is archived: its orders are kept in the reporting database and can be looked at, not changed.</p>
      <dl className="facts">
        <dt>Buyer</dt>
        <dd>
          {order.buyerName} ({order.buyerEmail})
        </dd>
        <dt>Total</dt>
        <dd>
          <Money minor={order.totalMinor} currency={order.currency} />
        </dd>
        <dt>Refunded</dt>
        <dd>
          <Money minor={order.refundedMinor} currency={order.currency} />
        </dd>
        <dt>Paid</dt>
        <dd>
          <Time iso={order.paidAt} />
        </dd>
      </dl>
      <h2>Tickets</h2>
      <ul>
        {order.tickets.map((t) => (
          <li key={t.id}>
            <span className="ops-id">{t.id}</span> {t.attendeeName ?? ''} <StatusBadge status={t.status} />
          </li>
        ))}
      </ul>
      {order.refunds.length > 0 && (
        <>
          <h2>Refunds</h2>
          <ul>
            {order.refunds.map((r) => (
              <li key={r.id}>
                <Money minor={r.amountMinor} currency={r.currency} /> — {r.reason} <StatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
