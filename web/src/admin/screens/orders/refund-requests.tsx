/**
 * Buyers' refund requests: the organization's list (Orders → Refund requests, open ones first, by status and event),
 * and on an order's page its requests with Approve (the quote or another amount) and Decline (with a reason).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api, call, formatMoney, idempotencyKey, parseMoney, type Schemas } from '../../../api/client';
import { useLoad } from '../../../ui/load';
import { PagedTable, usePaged } from '../../../ui/list';
import { atLeast, useOrg } from '../../session';
import { ActionOutcome, BackLink, eventName, Money, StatusBadge, Time, useActions, useEvents } from '../ops/common';
import { humanize, shortId } from '../ops/logic';
import '../ops/ops.css';
import { plural } from '../../../ui/plural';

type RefundRequest = Schemas['BuyerRefundRequest'];
const STATUSES = ['open', 'approved', 'refunded', 'declined'] as const;
type Status = (typeof STATUSES)[number];

export function RefundRequestList() {
  const { orgId } = useOrg();
  const { events, byId } = useEvents();
  const [params, setParams] = useSearchParams();
  const status = ((STATUSES as readonly string[]).includes(params.get('status') ?? '') ? params.get('status') : 'open') as Status;
  const eventId = params.get('eventId') ?? '';
  const set = (next: { status?: string; eventId?: string }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, eventId, ...next })) if (v) p.set(k, v);
    setParams(p, { replace: true });
  };
  const list = usePaged<RefundRequest>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/refund-requests', { params: { path: { orgId }, query: { cursor, limit: 25, status, eventId: eventId || undefined } } })),
    [orgId, status, eventId],
  );
  return (
    <>
      <BackLink area="orders" label="Orders" />
      <h1>Refund requests</h1>
      <p className="hint">Buyers’ requests from their order page that fall outside the event’s refund policy (or under “no automatic refunds”). Open an order to approve or decline.</p>
      <div className="toolbar ops-filters">
        <div className="field">
          <label htmlFor="rr-status">Status</label>
          <select id="rr-status" value={status} onChange={(e) => set({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rr-event">Event</label>
          <select id="rr-event" value={eventId} onChange={(e) => set({ eventId: e.target.value })}>
            <option value="">All events</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {ev.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedTable
        list={list}
        caption={`${humanize(status)} refund requests, newest first`}
        rowKey={(r) => r.id}
        empty={status === 'open' ? 'No open refund requests.' : 'None.'}
        columns={[
          {
            header: 'Order',
            cell: (r) => (
              <Link href={`/${r.orderId}`} className="ops-id nowrap" title={r.orderId}>
                {shortId(r.orderId)}
              </Link>
            ),
          },
          { header: 'Event', cell: (r) => eventName(byId, r.eventId) },
          { header: 'Tickets', cell: (r) => r.ticketIds.length },
          { header: 'Policy gives', cell: (r) => <Money minor={r.quotedMinor} currency={r.currency} /> },
          { header: 'Reason', cell: (r) => r.reason ?? '—' },
          { header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
          { header: 'Asked', cell: (r) => <Time iso={r.createdAt} /> },
        ]}
      />
    </>
  );
}

/** An order's refund requests, newest first, each open one with Approve / Decline for those who may refund. */
export function OrderRefundRequests({ orderId, onDecided }: { orderId: string; onDecided: () => void }) {
  const { orgId, role } = useOrg();
  const requests = useLoad(
    async () => {
      const all = await Promise.all(STATUSES.map((status) => call(api.GET('/api/v1/orgs/{orgId}/refund-requests', { params: { path: { orgId }, query: { orderId, status, limit: 50 } } }))));
      return all.flatMap((p) => p.items).sort((a, b) => (a.id < b.id ? 1 : -1));
    },
    [orgId, orderId],
  );
  const { notice, setNotice, error, act } = useActions();
  if (!requests.data?.length) return null;
  const canDecide = atLeast(role, 'admin');
  return (
    <section aria-labelledby="order-refund-requests">
      <h2 id="order-refund-requests">Refund requests</h2>
      <ActionOutcome notice={notice} error={error} />
      <ul className="ops-list">
        {requests.data.map((r) => (
          <li key={r.id} className="card ops-card">
            <p>
              <StatusBadge status={r.status} /> {plural(r.ticketIds.length, 'ticket')}, asked <Time iso={r.createdAt} />
              {r.withinPolicy ? ' (inside the policy)' : ' (outside the policy)'}
            </p>
            <p>
              The policy gives back <Money minor={r.quotedMinor} currency={r.currency} /> (fee <Money minor={r.feeMinor} currency={r.currency} /> of{' '}
              <Money minor={r.baseMinor} currency={r.currency} />)
              {r.refundedMinor !== null && (
                <>
                  ; refunded <Money minor={r.refundedMinor} currency={r.currency} />
                </>
              )}
              .
            </p>
            {r.reason && <p className="hint">Buyer’s reason: {r.reason}</p>}
            {r.declineReason && <p className="hint">Declined: {r.declineReason}</p>}
            {canDecide && r.status === 'open' && (
              <Decide
                request={r}
                onDone={(text) => {
                  setNotice(text);
                  requests.reload();
                  onDecided();
                }}
                act={act}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Decide({ request, onDone, act }: { request: RefundRequest; onDone: (text: string) => void; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { orgId, organization } = useOrg();
  const locale = organization.settings.locale;
  const [mode, setMode] = useState<'idle' | 'approve' | 'decline'>('idle');
  const [amount, setAmount] = useState((request.quotedMinor / 100).toFixed(2));
  const [reason, setReason] = useState('');
  const [key] = useState(idempotencyKey);
  const [busy, setBusy] = useState(false);
  const path = { orgId, requestId: request.id };
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    await act(async () => onDone(await fn()));
    setBusy(false);
  };
  if (mode === 'idle')
    return (
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setMode('approve')}>
          Approve…
        </button>
        <button type="button" onClick={() => setMode('decline')}>
          Decline…
        </button>
      </div>
    );
  if (mode === 'approve')
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const minor = parseMoney(amount, request.currency);
          if (minor === null) return;
          void run(async () => {
            const done = await call(api.POST('/api/v1/orgs/{orgId}/refund-requests/{requestId}/approve', { params: { path }, body: { amountMinor: minor }, headers: { 'Idempotency-Key': key } }));
            return `Refunded ${formatMoney(done.refundedMinor ?? minor, done.currency, locale)}; the buyer is emailed.`;
          });
        }}
      >
        <div className="field">
          <label htmlFor={`amt-${request.id}`}>Amount to refund ({request.currency})</label>
          <input id={`amt-${request.id}`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          <small className="hint">The policy’s quote; you may give back more (up to what the tickets cost) or less.</small>
        </div>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Refund now
          </button>
          <button type="button" onClick={() => setMode('idle')} disabled={busy}>
            Back
          </button>
        </div>
      </form>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return;
        void run(async () => {
          await call(api.POST('/api/v1/orgs/{orgId}/refund-requests/{requestId}/decline', { params: { path }, body: { reason: reason.trim() } }));
          return 'Declined; the buyer is emailed your reason and keeps the tickets.';
        });
      }}
    >
      <div className="field">
        <label htmlFor={`why-${request.id}`}>Reason (sent to the buyer)</label>
        <textarea id={`why-${request.id}`} required maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="toolbar">
        <button type="submit" disabled={busy} aria-busy={busy}>
          Decline request
        </button>
        <button type="button" onClick={() => setMode('idle')} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
