/** The event page's header: name, status, when (in the venue's timezone), doors, venue, description. */
import type { Schemas } from '../api/client';
import { useI18n } from './I18n';

type PublicEvent = Schemas['PublicEvent'];

export function EventHeader({ event }: { event: PublicEvent }) {
  const { t, dateTime } = useI18n();
  const tz = event.venue?.timezone ?? event.timezone;
  return (
    <header className="card event-head">
      <h1>{event.name}</h1>
      {event.status !== 'on_sale' && <p className={`banner${event.status === 'cancelled' ? ' error' : ''}`}>{t.eventStatus[event.status]}</p>}
      <dl className="facts">
        <dt>{t.when}</dt>
        <dd>
          <time dateTime={event.startsAt}>{dateTime(event.startsAt, tz, { dateStyle: 'full', timeStyle: 'short' })}</time> –{' '}
          <time dateTime={event.endsAt}>{dateTime(event.endsAt, tz, sameDay(event.startsAt, event.endsAt, tz) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' })}</time>
        </dd>
        {event.doorsAt && (
          <>
            <dt>{t.doors}</dt>
            <dd>
              <time dateTime={event.doorsAt}>{dateTime(event.doorsAt, tz, { timeStyle: 'short' })}</time>
            </dd>
          </>
        )}
        {event.venue && (
          <>
            <dt>{t.venue}</dt>
            <dd>{[event.venue.name, event.venue.addressLine1, event.venue.city].filter(Boolean).join(', ')}</dd>
          </>
        )}
      </dl>
      <p className="hint">{t.timesIn(tz)}</p>
      {event.description && <p className="description">{event.description}</p>}
    </header>
  );
}

function sameDay(a: string, b: string, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(a)) === f.format(new Date(b));
}
