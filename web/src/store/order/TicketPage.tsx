/**
 * A transfer recipient's own page (/tickets/{token}, the link from their email): that one ticket with its QR code and
 * PDF, never the order it was bought in; once they pass it on, "transferred to …" instead of the QR.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, call, type Schemas, asApiError } from '../../api/client';
import { ProblemBanner } from '../../ui/forms';
import { useEventOf } from '../use-event-of';
import { useI18n } from '../I18n';
import { seatText } from '../labels';
import { QrCode } from '../QrCode';
import TransferTicket, { TransferredNote } from './TransferTicket';

type HeldTicket = Schemas['HeldTicket'];

export default function TicketPage({ ticketToken }: { ticketToken: string }) {
  const { t, lang, dateTime } = useI18n();
  const [ticket, setTicket] = useState<HeldTicket | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setTicket(await call(api.GET('/api/v1/public/tickets/{ticketToken}', { params: { path: { ticketToken } } })));
      setError(null);
    } catch (e) {
      setError(asApiError(e));
    }
  }, [ticketToken]);

  useEffect(() => {
    void load();
  }, [load]);
  const eventId = ticket?.eventId;
  const event = useEventOf(eventId);
  useEffect(() => {
    document.title = `${t.ticketPageTitle} · ${t.appName}`;
  }, [t]);
  useEffect(() => {
    if (ticket) heading.current?.focus();
  }, [ticket?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error && !ticket) {
    return (
      <section>
        <h1>{t.ticketPageTitle}</h1>
        {error.status === 404 ? (
          <p className="banner error" role="alert">
            {t.ticketNotFound}
          </p>
        ) : (
          <ProblemBanner error={error} />
        )}
      </section>
    );
  }
  if (!ticket) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }

  const tz = event?.venue?.timezone ?? event?.timezone ?? 'Africa/Johannesburg';
  const what = [ticket.ticketTypeName, ticket.seatId ? seatText(ticket.seatId, t) : null, ticket.holderName].filter(Boolean).join(', ');
  const pdfUrl = `/api/v1/public/tickets/${encodeURIComponent(ticketToken)}/ticket.pdf?lang=${lang}`;
  return (
    <article className="order-page">
      <header className="card">
        <h1 ref={heading} tabIndex={-1}>
          {t.ticketPageTitle}
          {event && <span className="sub">{event.name}</span>}
        </h1>
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
          </dl>
        )}
        {ticket.qrToken && (
          <div className="toolbar">
            <a className="button primary" href={pdfUrl} download>
              {t.downloadTicketPdf}
            </a>
          </div>
        )}
      </header>
      <section className="card" aria-labelledby="ticket-heading">
        <h2 id="ticket-heading">{what}</h2>
        <ul className="tickets">
          <li className={`ticket${ticket.status === 'cancelled' ? ' cancelled' : ''}`}>
            {ticket.transferredTo ? (
              <TransferredNote to={ticket.transferredTo} tz={tz} />
            ) : ticket.qrToken ? (
              <QrCode value={ticket.qrToken} label={t.qrLabel(what)} />
            ) : (
              <p className="banner error">{t.ticketCancelled}</p>
            )}
            <p className="hint">
              <code>{ticket.id}</code> · {dateTime(ticket.receivedAt, tz, { dateStyle: 'medium' })}
            </p>
            {ticket.status !== 'cancelled' && <TransferTicket source={{ kind: 'ticket', ticketToken }} label={what} transferred={ticket.status === 'transferred'} policy={ticket.transfer} tz={tz} onDone={() => void load()} />}
          </li>
        </ul>
      </section>
    </article>
  );
}
