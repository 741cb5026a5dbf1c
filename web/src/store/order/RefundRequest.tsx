/**
 * "Request a refund" on the order page: what the event's refund policy gives back per ticket (amount and fee) shown
 * BEFORE the buyer confirms, the request itself (the whole order or chosen tickets, with an optional reason, under
 * one Idempotency-Key per attempt), and the state of the buyer's requests afterwards.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { ProblemBanner } from '../../ui/forms';
import { useI18n } from '../I18n';
import { seatText } from '../labels';

type Options = Schemas['BuyerRefundOptions'];
type Order = Schemas['Order'];

export default function RefundRequest({ accessToken, order, timeZone, typeName, onChanged }: { accessToken: string; order: Order; timeZone: string; typeName: (ticketTypeId: string) => string; onChanged: () => void }) {
  const { t, money, dateTime } = useI18n();
  const [options, setOptions] = useState<Options | null>(null);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const keyRef = useRef('');
  const formId = useId();

  const load = useCallback(async () => {
    try {
      setOptions(await call(api.GET('/api/v1/public/orders/{accessToken}/refunds', { params: { path: { accessToken } } })));
    } catch {
      setOptions(null);
    }
  }, [accessToken]);

  useEffect(() => {
    void load();
  }, [load, order.refundedMinor, order.status]);

  if (!options) return null;
  const refundable = options.tickets.filter((x) => x.refundable);
  const paid = order.status === 'paid' || order.status === 'partially_refunded';
  if (!options.requests.length && (!paid || !refundable.length)) return null;

  const cur = options.currency;
  const picked = refundable.filter((x) => chosen.has(x.ticketId));
  const sum = picked.reduce((s, x) => ({ back: s.back + x.refundMinor, fee: s.fee + x.feeMinor }), { back: 0, fee: 0 });
  const p = options.policy;
  const feeParts = [p.feeBasisPoints ? `${(p.feeBasisPoints / 100).toLocaleString()}%` : '', p.feeFixedMinor ? money(p.feeFixedMinor, cur) : ''].filter(Boolean);
  const feeText = [feeParts.length ? t.refundFeeRule(feeParts) : '', p.refundBookingFee ? '' : t.refundBookingFeeKept].filter(Boolean).join(' ');
  const policyText =
    p.mode === 'none'
      ? t.refundPolicyNone
      : options.withinPolicy
        ? t.refundPolicyUntil(dateTime(p.deadline!, timeZone, { dateStyle: 'long', timeStyle: 'short' }), feeText)
        : t.refundPolicyEnded(dateTime(p.deadline!, timeZone, { dateStyle: 'long', timeStyle: 'short' }));

  const start = () => {
    keyRef.current = crypto.randomUUID();
    setChosen(new Set(refundable.map((x) => x.ticketId)));
    setReason('');
    setError(null);
    setOpen(true);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!picked.length) return;
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/public/orders/{accessToken}/refund-requests', {
          params: { path: { accessToken } },
          body: { ticketIds: picked.map((x) => x.ticketId), ...(reason.trim() ? { reason: reason.trim() } : {}) },
          headers: { 'Idempotency-Key': keyRef.current },
        }),
      );
      setOpen(false);
      await load();
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: String(err), status: 0 }));
    } finally {
      setBusy(false);
    }
  };

  const ticketLabel = (id: string) => {
    const i = order.tickets.findIndex((x) => x.id === id);
    const ticket = order.tickets[i];
    return [t.ticketOf(i + 1, order.tickets.length), ticket && typeName(ticket.ticketTypeId), ticket?.seatId ? seatText(ticket.seatId, t) : null].filter(Boolean).join(', ');
  };

  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="card" aria-labelledby={`${formId}-h`}>
      <h2 id={`${formId}-h`}>{t.refundTitle}</h2>
      <p>{policyText}</p>
      {options.requests.length > 0 && (
        <ul className="refund-requests" aria-live="polite">
          {options.requests.map((r) => (
            <li key={r.id}>
              <span className={`badge ${r.status === 'refunded' ? 'ok' : r.status === 'declined' ? 'bad' : 'warn'}`}>{t.refundState[r.status]}</span>{' '}
              {t.refundRequestLine(r.ticketIds.length, dateTime(r.createdAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' }))}
              {r.status === 'refunded' && r.refundedMinor !== null && <> — {t.refundPaid(money(r.refundedMinor, r.currency))}</>}
              {r.status === 'open' && <> — {t.refundWouldGive(money(r.quotedMinor, r.currency))}</>}
              {r.status === 'declined' && r.declineReason && <div className="hint">{t.refundDeclinedWhy(r.declineReason)}</div>}
            </li>
          ))}
        </ul>
      )}
      {paid && refundable.length > 0 && !open && (
        <button type="button" onClick={start}>
          {t.refundRequestButton}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)} aria-describedby={`${formId}-sum`}>
          <fieldset>
            <legend>{t.refundWhichTickets}</legend>
            {refundable.map((x) => (
              <div key={x.ticketId} className="field checkbox">
                <label>
                  <input type="checkbox" checked={chosen.has(x.ticketId)} onChange={() => toggle(x.ticketId)} /> {ticketLabel(x.ticketId)} — {t.refundTicketQuote(money(x.refundMinor, cur), x.feeMinor > 0 ? money(x.feeMinor, cur) : null)}
                </label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${formId}-reason`}>{t.refundReason}</label>
            <textarea id={`${formId}-reason`} value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
          </div>
          <p id={`${formId}-sum`} className="banner" role="status">
            {options.withinPolicy ? t.refundSummaryNow(money(sum.back, cur), sum.fee > 0 ? money(sum.fee, cur) : null) : t.refundSummaryAsk(money(sum.back, cur), sum.fee > 0 ? money(sum.fee, cur) : null)}
          </p>
          {error && <ProblemBanner error={error} />}
          <div className="toolbar">
            <button type="submit" className="primary" disabled={busy || !picked.length}>
              {options.withinPolicy ? t.refundConfirmNow : t.refundConfirmAsk}
            </button>
            <button type="button" onClick={() => setOpen(false)} disabled={busy}>
              {t.refundCancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
