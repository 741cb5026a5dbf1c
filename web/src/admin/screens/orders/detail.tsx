/** One order: buyer, totals, lines, tickets (re-issue), payments and refunds; refund, resend the confirmation, cancel. */
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api, ApiError, call, type Schemas } from '../../../api/client';
import { Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { useLoad } from '../../../ui/load';
import { Table, type Column } from '../../../ui/list';
import { atLeast, useOrg } from '../../session';
import { ActionOutcome, BackLink, ConfirmAction, eventName, Money, RecordPending, StatusBadge, Time, useActions, useEvents } from '../ops/common';
import { seatLabel, shortId } from '../ops/logic';
import { ticketTypeLabel } from '../../names';
import { ReceiptLink } from './receipt-link';
import '../ops/ops.css';
import { RefundForm } from './refund';
import { ArchivedOrderDetail } from './archived';
import { OrderRefundRequests } from './refund-requests';

type Ticket = Schemas['Ticket'];

export function OrderDetail({ orderId }: { orderId: string }) {
  const { orgId, role, organization } = useOrg();
  const { byId: events } = useEvents();
  const {
    data: order,
    setData: setOrder,
    error,
    reload,
  } = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/orders/{orderId}', { params: { path: { orgId, orderId } } })), [orgId, orderId]);
  // Ticket type names, loaded after the order (they live with its event): null until they are in.
  const [types, setTypes] = useState<Map<string, string> | null>(null);
  const { notice, setNotice, error: actionError, act } = useActions();
  const [refunding, setRefunding] = useState(false);
  const [resending, setResending] = useState(false);

  const eventId = order?.eventId;
  useEffect(() => {
    if (!eventId) return;
    call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path: { orgId, eventId } } }))
      .then((r) => setTypes(new Map(r.items.map((t) => [t.id, t.name]))))
      // Unreadable: the placeholder stays rather than an id.
      .catch(() => undefined);
  }, [orgId, eventId]);

  // Not in D1: an order of an archived event is read from the reporting database.
  if (error instanceof ApiError && error.status === 404) return <ArchivedOrderDetail orderId={orderId} />;
  if (error || !order) return <RecordPending area="orders" label="Orders" error={error} />;

  const typeName = (id: string) => ticketTypeLabel(types, id);
  const canManage = atLeast(role, 'staff');
  const canRefund = atLeast(role, 'admin');
  const refundable = (order.status === 'paid' || order.status === 'partially_refunded') && order.totalMinor - order.refundedMinor > 0;
  const confirmable = order.status === 'paid' || order.status === 'partially_refunded';

  return (
    <>
      <BackLink area="orders" label="Orders" />
      <div className="ops-head">
        <h1>
          Order <span className="ops-id">{order.id}</span>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <ActionOutcome notice={notice} error={actionError} />

      <div className="ops-actions" aria-label="Order actions" role="group">
        <ReceiptLink orgId={orgId} orderId={orderId} status={order.status} locale={organization.settings.locale} />
        {canRefund && refundable && !refunding && (
          <button type="button" className="primary" onClick={() => (setNotice(null), setRefunding(true))}>
            Refund…
          </button>
        )}
        {canManage && confirmable && (
          <button
            type="button"
            disabled={resending}
            aria-busy={resending}
            onClick={async () => {
              setResending(true);
              await act(async () => {
                await call(api.POST('/api/v1/orgs/{orgId}/orders/{orderId}/resend', { params: { path: { orgId, orderId } } }));
                setNotice(`The confirmation is on its way to ${order.buyerEmail} again.`);
              });
              setResending(false);
            }}
          >
            {resending ? 'Sending…' : 'Resend confirmation'}
          </button>
        )}
        {canManage && order.status === 'pending' && (
          <ConfirmAction
            label="Cancel order"
            confirmLabel="Yes, cancel this order"
            question="Cancel this unpaid order? Its seats go back on sale at once."
            onConfirm={() =>
              act(async () => {
                setOrder(await call(api.POST('/api/v1/orgs/{orgId}/orders/{orderId}/cancel', { params: { path: { orgId, orderId } } })));
                setNotice('The order is cancelled and its seats are released.');
              })
            }
          />
        )}
      </div>

      {refunding && (
        <RefundForm
          order={order}
          typeName={typeName}
          onCancel={() => setRefunding(false)}
          onDone={(text) => {
            setRefunding(false);
            setNotice(text);
            reload();
          }}
        />
      )}

      <div className="row">
        <section className="card ops-card" aria-labelledby="order-buyer">
          <h2 id="order-buyer">Buyer and event</h2>
          <dl className="facts">
            <dt>Buyer</dt>
            <dd>{order.buyerName}</dd>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${order.buyerEmail}`}>{order.buyerEmail}</a>
            </dd>
            <dt>Event</dt>
            <dd>
              <Link href={`~/admin/orgs/${orgId}/events/${order.eventId}`}>{eventName(events, order.eventId)}</Link>
            </dd>
            <dt>Placed</dt>
            <dd>
              <Time iso={order.createdAt} />
            </dd>
            <dt>Paid</dt>
            <dd>
              <Time iso={order.paidAt} fallback="Not paid" />
            </dd>
            {order.status === 'pending' && (
              <>
                <dt>Expires</dt>
                <dd>
                  <Time iso={order.expiresAt} />
                </dd>
              </>
            )}
          </dl>
        </section>
        <section className="card ops-card" aria-labelledby="order-totals">
          <h2 id="order-totals">Totals</h2>
          <dl className="facts ops-totals">
            <dt>Subtotal</dt>
            <dd>
              <Money minor={order.subtotalMinor} currency={order.currency} />
            </dd>
            {order.discountMinor > 0 && (
              <>
                <dt>Discount</dt>
                <dd>
                  −<Money minor={order.discountMinor} currency={order.currency} />
                </dd>
              </>
            )}
            <dt>Booking fee</dt>
            <dd>
              <Money minor={order.buyerFeeMinor} currency={order.currency} />
            </dd>
            <dt>VAT</dt>
            <dd>
              <Money minor={order.vatMinor} currency={order.currency} />
            </dd>
            {order.donationMinor > 0 && (
              <>
                <dt>Donation</dt>
                <dd>
                  <Money minor={order.donationMinor} currency={order.currency} />
                </dd>
              </>
            )}
            <dt className="total">Total</dt>
            <dd className="total">
              <Money minor={order.totalMinor} currency={order.currency} />
            </dd>
            <dt>Refunded</dt>
            <dd>
              <Money minor={order.refundedMinor} currency={order.currency} />
            </dd>
            <dt>Organizer fee</dt>
            <dd>
              <Money minor={order.organizerFeeMinor} currency={order.currency} />
            </dd>
          </dl>
        </section>
      </div>

      <h2 id="order-lines">Lines</h2>
      <div className="table-wrap" tabIndex={0}>
        <Table
          className="ops-table"
          labelledBy="order-lines"
          items={order.lines}
          rowKey={(l) => l.id}
          columns={[
            { header: 'Ticket type', cell: (l) => typeName(l.ticketTypeId) },
            { header: 'Seat', cell: (l) => seatLabel(l.seatId) },
            { header: 'Attendee', cell: (l) => l.attendeeName ?? '—' },
            ...moneyColumns<(typeof order.lines)[number]>(order.currency, [
              ['Price', (l) => l.unitPriceMinor],
              ['Discount', (l) => l.discountMinor],
              ['Fee', (l) => l.buyerFeeMinor],
              ['VAT', (l) => l.vatMinor],
              ['Total', (l) => l.totalMinor],
            ]),
          ]}
        />
      </div>

      <h2 id="order-tickets">Tickets</h2>
      {order.tickets.length === 0 ? (
        <p className="hint">No tickets: they are issued when the order is paid.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="ops-table stacks" aria-labelledby="order-tickets">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Type</th>
                <th scope="col">Seat</th>
                <th scope="col">Attendee</th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
                {canManage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {order.tickets.map((t) => (
                <TicketRow
                  key={t.id}
                  ticket={t}
                  typeName={typeName(t.ticketTypeId)}
                  canManage={canManage}
                  orderId={order.id}
                  onReissued={(nt) => {
                    setOrder((o) => (o ? { ...o, tickets: o.tickets.map((x) => (x.id === nt.id ? nt : x)) } : o));
                    setNotice(`Ticket re-issued (version ${nt.secretVersion}): every older copy is void, and the buyer was sent the new one.`);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="order-payments">Payments</h2>
      {order.payments.length === 0 ? (
        <p className="hint">No payments.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <Table
            className="ops-table"
            labelledBy="order-payments"
            items={order.payments}
            rowKey={(p) => p.id}
            columns={[
              {
                header: 'Payment',
                cell: (p) => (
                  <span className="ops-id nowrap" title={p.id}>
                    {shortId(p.id)}
                  </span>
                ),
              },
              { header: 'Provider', cell: (p) => p.provider },
              { header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
              { header: 'Amount', className: 'num', cell: (p) => <Money minor={p.amountMinor} currency={p.currency} /> },
              { header: 'Started', cell: (p) => <Time iso={p.createdAt} /> },
            ]}
          />
        </div>
      )}

      <OrderRefundRequests orderId={order.id} onDecided={reload} />

      <h2 id="order-refunds">Refunds</h2>
      {order.refunds.length === 0 ? (
        <p className="hint">No refunds.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <Table
            className="ops-table"
            labelledBy="order-refunds"
            items={order.refunds}
            rowKey={(r) => r.id}
            columns={[
              { header: 'When', cell: (r) => <Time iso={r.createdAt} /> },
              { header: 'Amount', className: 'num', cell: (r) => <Money minor={r.amountMinor} currency={r.currency} /> },
              { header: 'Tickets', cell: (r) => (r.ticketIds.length === 0 ? 'Amount only' : `${r.ticketIds.length} cancelled`) },
              { header: 'Reason', cell: (r) => r.reason },
              { header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
            ]}
          />
        </div>
      )}
    </>
  );
}

/** Right-aligned money columns in the order's currency. */
function moneyColumns<T>(currency: string, columns: [header: string, minor: (item: T) => number][]): Column<T>[] {
  return columns.map(([header, minor]) => ({ header, className: 'num', cell: (item: T) => <Money minor={minor(item)} currency={currency} /> }));
}

function TicketRow({ ticket, typeName, canManage, orderId, onReissued }: { ticket: Ticket; typeName: string; canManage: boolean; orderId: string; onReissued: (t: Ticket) => void }) {
  const { orgId } = useOrg();
  const [open, setOpen] = useState(false);
  const form = useForm({ reason: '' });
  return (
    <tr>
      <td className="ops-id nowrap" title={ticket.id} data-label="Ticket">
        {shortId(ticket.id)}
      </td>
      <td data-label="Type">{typeName}</td>
      <td data-label="Seat">{seatLabel(ticket.seatId)}</td>
      <td data-label="Attendee">{ticket.attendeeName ?? '—'}</td>
      <td data-label="Status">
        <StatusBadge status={ticket.status} />
        {ticket.secretVersion > 1 && <small className="hint"> v{ticket.secretVersion}</small>}
      </td>
      <td data-label="Issued">
        <Time iso={ticket.issuedAt} />
      </td>
      {canManage && (
        <td data-label="Actions">
          {ticket.status === 'valid' &&
            (open ? (
              <form
                noValidate
                aria-label={`Re-issue ticket ${ticket.id}`}
                onSubmit={(e) =>
                  form.submit(async (v) => {
                    const t = await call(
                      api.POST('/api/v1/orgs/{orgId}/orders/{orderId}/tickets/{ticketId}/reissue', {
                        params: { path: { orgId, orderId, ticketId: ticket.id } },
                        body: { reason: v.reason.trim() },
                      }),
                    );
                    setOpen(false);
                    form.reset();
                    onReissued(t);
                  }, e)
                }
              >
                <ProblemBanner error={form.problem} fields={['reason']} />
                <Input form={form} name="reason" label="Reason for re-issuing" hint="The old QR code stops working." required />
                <div className="ops-actions">
                  <SubmitButton busy={form.busy}>Re-issue ticket</SubmitButton>
                  <button type="button" onClick={() => setOpen(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" onClick={() => setOpen(true)} aria-label={`Re-issue ticket ${seatLabel(ticket.seatId)}`}>
                Re-issue
              </button>
            ))}
        </td>
      )}
    </tr>
  );
}
