/**
 * The buyer's order (/orders/{accessToken}, the link from checkout and the confirmation email): status, what was
 * bought, totals, and the tickets with their QR codes and a PDF. Coming back from the payment page (?paid=1) the
 * webhook may land a moment after the buyer does, so a pending order is polled for a little while.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api, ApiError, call, type Schemas, asApiError } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import { icsFor } from './calendar';
import { useEventOf } from './use-event-of';
import { useI18n } from './I18n';
import { seatText } from './labels';
import { QrCode } from './QrCode';
import Channels from './order/Channels';
import { WaitingListJoin } from './WaitingList';
import { BrandHeader } from './BrandHeader';
import { Receipt } from './order/Receipt';
import RefundRequest from './order/RefundRequest';
import TransferTicket, { TransferredNote, useTransferPolicy } from './order/TransferTicket';
import { LostOrdersOnDeadLink } from './LostOrders';

type Order = Schemas['Order'];

const POLL_MS = 2_000;
const POLL_TIMES = 15;

export default function OrderPage({ accessToken }: { accessToken: string }) {
  const { t, money, dateTime } = useI18n();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [polls, setPolls] = useState(0);
  const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
  const cameFromPayment = params.get('paid') === '1';
  const cancelledAtProvider = params.get('cancelled') === '1';
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      const o = await call(api.GET('/api/v1/public/orders/{accessToken}', { params: { path: { accessToken } } }));
      setOrder(o);
      setError(null);
      return o;
    } catch (e) {
      setError(asApiError(e));
      return null;
    }
  }, [accessToken]);

  useEffect(() => {
    void load();
  }, [load]);

  // Poll while the payment is being confirmed.
  useEffect(() => {
    if (!order || order.status !== 'pending' || !cameFromPayment || polls >= POLL_TIMES) return;
    const id = setTimeout(() => {
      void load().then(() => setPolls((n) => n + 1));
    }, POLL_MS);
    return () => clearTimeout(id);
  }, [order, cameFromPayment, polls, load]);

  const eventId = order?.eventId;
  const transferPolicy = useTransferPolicy(eventId);
  const event = useEventOf(eventId);

  useEffect(() => {
    document.title = `${t.orderTitle} · ${t.appName}`;
  }, [t]);

  useEffect(() => {
    if (order) heading.current?.focus();
  }, [order?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error && !order) {
    return (
      <section>
        <h1>{t.orderTitle}</h1>
        {error.status === 404 ? (
          <>
            <p className="banner error" role="alert">
              {t.orderNotFound}
            </p>
            <LostOrdersOnDeadLink />
            <Link href="/">{t.goHome}</Link>
          </>
        ) : (
          <>
            <ProblemBanner error={error} />
            <button type="button" onClick={() => void load()}>
              {t.retry}
            </button>
          </>
        )}
      </section>
    );
  }
  if (!order) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }

  const tz = event?.venue?.timezone ?? event?.timezone ?? 'Africa/Johannesburg';
  const typeName = (id: string) => event?.ticketTypes.find((x) => x.id === id)?.name ?? '';
  const cur = order.currency;
  const paid = order.status === 'paid' || order.status === 'partially_refunded';
  const validTickets = order.tickets.filter((x) => x.status === 'valid' && !x.transferredTo);
  const statusClass = paid ? 'ok' : order.status === 'pending' ? 'warn' : 'bad';
  const unpaidForGood = order.status === 'cancelled' || order.status === 'expired';
  const pdfUrl = `/api/v1/public/orders/${encodeURIComponent(accessToken)}/tickets.pdf`;

  const downloadIcs = () => {
    if (!event) return;
    const ics = icsFor({
      uid: `${order.id}@voelgoed.events`,
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      location: event.venue ? [event.venue.name, event.venue.addressLine1, event.venue.city].filter(Boolean).join(', ') : undefined,
      url: location.href.split('?')[0],
    });
    const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${event.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'event'}.ics`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <article className="order-page">
      <BrandHeader branding={event?.branding} />
      <header className="card">
        <h1 ref={heading} tabIndex={-1}>
          {t.orderTitle}
          {event && <span className="sub">{event.name}</span>}
        </h1>
        <p>
          <span className={`badge ${statusClass}`}>{t.orderStatus[order.status]}</span>
        </p>
        <div aria-live="polite">
          {paid && cameFromPayment && (
            <p className="banner ok" role="status">
              {t.orderPaidBanner}
            </p>
          )}
          {order.status === 'pending' && cameFromPayment && (
            <p className="banner" role="status">
              {polls < POLL_TIMES ? t.orderWaiting : t.orderStillPending}
            </p>
          )}
          {cancelledAtProvider && order.status !== 'paid' && (
            <p className="banner error" role="alert">
              {t.orderCancelledBanner}
            </p>
          )}
        </div>
        {event && (
          <dl className="facts">
            <dt>{t.when}</dt>
            <dd>
              <time dateTime={event.startsAt}>{dateTime(event.startsAt, tz, { dateStyle: 'full', timeStyle: 'short' })}</time>
            </dd>
            {event.venue && (
              <>
                <dt>{t.venue}</dt>
                <dd>{[event.venue.name, event.venue.addressLine1, event.venue.city].filter(Boolean).join(', ')}</dd>
              </>
            )}
            <dt>{t.orderNumber}</dt>
            <dd>
              <code>{order.id}</code>
            </dd>
            <dt>{t.buyer}</dt>
            <dd>
              {order.buyerName} ({order.buyerEmail})
            </dd>
            <dt>{t.placedOn}</dt>
            <dd>{dateTime(order.createdAt, tz)}</dd>
          </dl>
        )}
        {paid && <p className="hint">{t.emailSentTo(order.buyerEmail)}</p>}
        <div className="toolbar">
          {paid && validTickets.length > 0 && (
            <a className="button primary" href={pdfUrl} download>
              {t.downloadPdf}
            </a>
          )}
          <Receipt accessToken={accessToken} status={order.status} />
          {paid && event && (
            <button type="button" onClick={downloadIcs}>
              {t.addToCalendar}
            </button>
          )}
          {event &&
            (unpaidForGood && event.status === 'on_sale' ? (
              <Link className="button primary" href={`/events/${event.id}`}>
                {t.buyAgain}
              </Link>
            ) : (
              <Link href={`/events/${event.id}`}>{t.backToEvent}</Link>
            ))}
        </div>
      </header>

      {paid && <Channels accessToken={accessToken} />}

      {/* More tickets than were left: a sold-out ticket type (or event) still on sale offers its waiting list. */}
      {paid && event?.status === 'on_sale' && event.ticketTypes.some((tt) => tt.available === 0) && (
        <WaitingListJoin eventId={event.id} types={event.ticketTypes} buyer={{ name: order.buyerName, email: order.buyerEmail }} />
      )}

      <section className="card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">{t.lines}</h2>
        <div className="table-wrap">
          <table className="lines">
            <thead>
              <tr>
                <th scope="col">{t.ticketCol}</th>
                <th scope="col" className="num">
                  {t.priceCol}
                </th>
                <th scope="col" className="num">
                  {t.feesCol}
                </th>
                <th scope="col" className="num">
                  {t.totalCol}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.id}>
                  <td>
                    {typeName(l.ticketTypeId)}
                    {l.seatId && <div>{seatText(l.seatId, t)}</div>}
                    {l.attendeeName && <div className="hint">{l.attendeeName}</div>}
                  </td>
                  <td className="num" data-label={t.priceCol}>
                    {money(l.unitPriceMinor, cur)}
                    {l.discountMinor > 0 && <div className="hint">−{money(l.discountMinor, cur)}</div>}
                  </td>
                  <td className="num" data-label={t.feesCol}>
                    {money(l.buyerFeeMinor, cur)}
                  </td>
                  <td className="num" data-label={t.totalCol}>
                    {money(l.totalMinor, cur)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="totals">
          <dt>{t.subtotal}</dt>
          <dd>{money(order.subtotalMinor, cur)}</dd>
          {order.discountMinor > 0 && (
            <>
              <dt>{t.discount}</dt>
              <dd>−{money(order.discountMinor, cur)}</dd>
            </>
          )}
          {order.buyerFeeMinor > 0 && (
            <>
              <dt>{t.bookingFee}</dt>
              <dd>{money(order.buyerFeeMinor, cur)}</dd>
            </>
          )}
          {order.vatMinor > 0 && (
            <>
              <dt>{t.vatCol}</dt>
              <dd>{money(order.vatMinor, cur)}</dd>
            </>
          )}
          {order.donationMinor > 0 && (
            <>
              <dt>{t.donation}</dt>
              <dd>{money(order.donationMinor, cur)}</dd>
            </>
          )}
          <dt className="grand">{t.total}</dt>
          <dd className="grand">{money(order.totalMinor, cur)}</dd>
          {order.refundedMinor > 0 && (
            <>
              <dt>{t.refunded}</dt>
              <dd>−{money(order.refundedMinor, cur)}</dd>
            </>
          )}
        </dl>
      </section>

      <RefundRequest accessToken={accessToken} order={order} timeZone={tz} typeName={typeName} onChanged={() => void load()} />

      <section className="card" aria-labelledby="tickets-heading">
        <h2 id="tickets-heading">{t.yourTickets}</h2>
        {order.tickets.length === 0 ? (
          <p className="hint">{unpaidForGood ? t.noTicketsCancelled : t.noTicketsYet}</p>
        ) : (
          <ul className="tickets">
            {order.tickets.map((ticket, i) => {
              const what = [typeName(ticket.ticketTypeId), ticket.seatId ? seatText(ticket.seatId, t) : null, ticket.attendeeName].filter(Boolean).join(', ');
              const label = `${t.ticketOf(i + 1, order.tickets.length)}${what ? `: ${what}` : ''}`;
              return (
                <li key={ticket.id} className={`ticket${ticket.status === 'cancelled' ? ' cancelled' : ''}`}>
                  <h3>{label}</h3>
                  {ticket.transferredTo ? <TransferredNote to={ticket.transferredTo} tz={tz} /> : ticket.status === 'valid' && ticket.qrToken ? <QrCode value={ticket.qrToken} label={t.qrLabel(what || String(i + 1))} /> : <p className="banner error">{t.ticketCancelled}</p>}
                  {paid && ticket.status === 'valid' && <TransferTicket source={{ kind: 'order', accessToken, ticketId: ticket.id }} label={label} transferred={!!ticket.transferredTo} policy={transferPolicy} tz={tz} onDone={() => void load()} />}
                  <p className="hint">
                    <code>{ticket.id}</code> · {dateTime(ticket.issuedAt, tz, { dateStyle: 'medium' })}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </article>
  );
}
