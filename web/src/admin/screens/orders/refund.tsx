/**
 * The refund form: everything left, some tickets (cancelled, their seats back on sale), or an amount (tickets kept).
 * One Idempotency-Key per opened form, so a double click or a retry after a lost answer refunds once; a refusal
 * (4xx) gets a fresh key, as nothing was refunded.
 */
import { useState } from 'react';
import { ApiError, api, call, formatMoney, idempotencyKey, parseMoney, type Schemas } from '../../../api/client';
import { Field, ProblemBanner, useForm } from '../../../ui/forms';
import { useOrg } from '../../session';
import { listFieldError, placedKeys, buildRefund, seatLabel, ticketsRefundMinor, type RefundBody, type RefundMode } from '../ops/logic';
import { plural } from '../../../ui/plural';
import { leftOutNote, refundChoice, transferredNote } from './tickets';

type Order = Schemas['OrganizerOrder'];

export function RefundForm({ order, typeName, onCancel, onDone }: { order: Order; typeName: (id: string) => string; onCancel: () => void; onDone: (notice: string) => void }) {
  const { orgId, organization } = useOrg();
  const locale = organization.settings.locale;
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const [key, setKey] = useState(idempotencyKey);
  const [confirming, setConfirming] = useState<RefundBody | null>(null);
  const form = useForm<{ mode: RefundMode; ticketIds: string[]; amount: string; reason: string }>({ mode: 'whole', ticketIds: [], amount: '', reason: '' });
  const remaining = order.totalMinor - order.refundedMinor;
  // Only what the server would take (./tickets.ts): a refunded ticket, or one in a refund under way, is left out and said so.
  const choice = refundChoice(order.tickets, order.refunds);
  const validTickets = choice.offered;
  const leftOut = leftOutNote(choice);
  const v = form.values;

  const estimate =
    v.mode === 'whole' ? remaining : v.mode === 'tickets' ? ticketsRefundMinor(order.lines, order.tickets, v.ticketIds) : (parseMoney(v.amount, order.currency) ?? 0);

  const review = (e: React.FormEvent) => {
    e.preventDefault();
    const built = buildRefund(v, (t) => parseMoney(t, order.currency), remaining);
    if ('errors' in built) {
      form.setErrors(built.errors);
      form.setProblem(null);
      return;
    }
    form.setErrors({});
    setConfirming(built.body);
  };

  const send = () =>
    form.submit(async () => {
      if (!confirming) return;
      try {
        const refund = await call(
          api.POST('/api/v1/orgs/{orgId}/orders/{orderId}/refunds', {
            params: { path: { orgId, orderId: order.id } },
            body: confirming,
            headers: { 'Idempotency-Key': key },
          }),
        );
        onDone(`Refunded ${formatMoney(refund.amountMinor, refund.currency, locale)} (${refund.status}).${refund.ticketIds.length ? ` ${plural(refund.ticketIds.length, 'ticket was', 'tickets were')} cancelled and their seats released.` : ''}`);
      } catch (err) {
        // Refused outright: nothing was refunded, so the next try is a new action. Lost answers keep the key.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) setKey(idempotencyKey());
        setConfirming(null);
        throw err;
      }
    });

  const ticketsError = listFieldError(form.errors, 'ticketIds');
  const transferredPicked = choice.transferred.filter((t) => v.mode === 'whole' || (v.mode === 'tickets' && v.ticketIds.includes(t.id))).length;
  const modeLabel = (m: RefundMode) => (m === 'whole' ? `Everything left to refund (${money(remaining)})` : m === 'tickets' ? 'Some tickets (they are cancelled and their seats go back on sale)' : 'An amount (the tickets stay valid)');

  return (
    <section className="card ops-card ops-refund" aria-labelledby="refund-title">
      <h2 id="refund-title">Refund order</h2>
      <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['reason', 'ticketIds', 'amountMinor'])} />
      <form noValidate onSubmit={review}>
        <fieldset className="ops-checks" disabled={Boolean(confirming)}>
          <legend>What to refund</legend>
          {(['whole', 'tickets', 'amount'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="refund-mode" value={m} checked={v.mode === m} onChange={() => form.set('mode', m)} /> {modeLabel(m)}
            </label>
          ))}
        </fieldset>

        {v.mode === 'tickets' && (
          <fieldset className={`ops-checks${ticketsError ? ' invalid' : ''}`} disabled={Boolean(confirming)} aria-describedby={ticketsError ? 'refund-tickets-error' : undefined}>
            <legend>Tickets to refund</legend>
            {validTickets.length === 0 && <p className="hint">No tickets left to refund.</p>}
            {validTickets.map((t) => (
              <label key={t.id}>
                <input
                  type="checkbox"
                  checked={v.ticketIds.includes(t.id)}
                  onChange={(e) => form.set('ticketIds', e.target.checked ? [...v.ticketIds, t.id] : v.ticketIds.filter((x) => x !== t.id))}
                />{' '}
                {typeName(t.ticketTypeId)} — {seatLabel(t.seatId)}
                {t.transferredTo ? ` (${transferredNote(t.transferredTo.name)})` : t.attendeeName ? ` (${t.attendeeName})` : ''}
              </label>
            ))}
            {leftOut && (
              <p className="hint" id="refund-left-out">
                {leftOut}
              </p>
            )}
            {ticketsError && (
              <small id="refund-tickets-error" className="field-error" role="alert">
                {ticketsError}
              </small>
            )}
          </fieldset>
        )}

        {v.mode === 'amount' && (
          <Field label={`Amount (${order.currency})`} error={form.errors.amountMinor} hint={`Up to ${money(remaining)}`}>
            {(a) => <input {...a} name="amount" inputMode="decimal" autoComplete="off" value={v.amount} disabled={Boolean(confirming)} onChange={(e) => form.set('amount', e.target.value)} placeholder="0.00" />}
          </Field>
        )}

        <Field label="Reason" error={form.errors.reason} hint="Shown to the buyer in the refund email.">
          {(a) => <textarea {...a} name="reason" maxLength={500} value={v.reason} disabled={Boolean(confirming)} onChange={(e) => form.set('reason', e.target.value)} />}
        </Field>

        {!confirming ? (
          <div className="ops-actions">
            <button type="submit" className="primary">
              Review refund
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        ) : null}
      </form>

      {confirming && (
        <div className="ops-confirm asking" role="group" aria-labelledby="refund-confirm-q">
          <p id="refund-confirm-q" className="summary">
            Refund {v.mode === 'tickets' ? 'about ' : ''}
            {money(estimate)} to {order.buyerEmail}
            {v.mode === 'tickets' ? ` and cancel ${plural(v.ticketIds.length, 'ticket')}` : v.mode === 'whole' && validTickets.length ? ` and cancel ${plural(validTickets.length, 'ticket')} still valid` : ''}
            {transferredPicked ? ` (${plural(transferredPicked, 'ticket is', 'tickets are')} now held by someone the buyer transferred to: theirs stop working)` : ''}? This cannot be undone.
          </p>
          <button type="button" className="danger" autoFocus disabled={form.busy} aria-busy={form.busy} onClick={() => void send()}>
            {form.busy ? 'Refunding…' : 'Confirm refund'}
          </button>
          <button type="button" disabled={form.busy} onClick={() => setConfirming(null)}>
            Back
          </button>
        </div>
      )}
    </section>
  );
}
