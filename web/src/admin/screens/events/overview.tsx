/** Overview tab: the event's facts, its lifecycle buttons (only the moves its status allows), editing, and fees. */
import { useState } from 'react';
import { Link } from 'wouter';
import { ApiError, api, call, formatInZone, type Schemas } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { EventForm } from './event-form';
import { FeePolicyCard } from './fees';
import { movesFrom, STATUS_LABEL, type Move } from './lifecycle';
import { can } from './perms';
import { useLoad } from '../../../ui/load';
import { plural } from '../../../ui/plural';

export function Overview() {
  const { event, setEvent } = useEvent();
  const { orgId, role, organization } = useOrg();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const locale = organization.settings.locale;
  const venue = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}', { params: { path: { orgId, venueId: event.venueId } } })), [orgId, event.venueId]);
  const layout = useLoad(
    () => (event.layoutId ? call(api.GET('/api/v1/orgs/{orgId}/layouts/{layoutId}', { params: { path: { orgId, layoutId: event.layoutId } } })) : Promise.resolve(null)),
    [orgId, event.layoutId],
  );
  const when = (iso: string | null) => (iso ? formatInZone(iso, event.timezone, locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const manage = can(role, 'events.manage');

  return (
    <>
      {saved && (
        <p className="banner ok" role="status">
          {saved}
        </p>
      )}
      <Lifecycle
        event={event}
        canManage={manage}
        onChanged={(e) => {
          setEvent(e);
          setSaved(`The event is now ${STATUS_LABEL[e.status].toLowerCase()}.`);
        }}
      />
      <section className="card" aria-labelledby="details-heading">
        <div className="toolbar" style={{ justifyContent: 'space-between' }}>
          <h2 id="details-heading" style={{ margin: 0 }}>
            Details
          </h2>
          {manage && !editing && event.status !== 'completed' && event.status !== 'cancelled' && (
            <button type="button" onClick={() => (setEditing(true), setSaved(null))}>
              Edit details
            </button>
          )}
        </div>
        {editing ? (
          <>
            <EventForm
              event={event}
              submitLabel="Save changes"
              onSaved={(e) => {
                setEvent(e);
                setEditing(false);
                setSaved('Saved.');
              }}
            />
            <button type="button" onClick={() => setEditing(false)}>
              Cancel editing
            </button>
          </>
        ) : (
          <dl className="facts">
            <dt>Venue</dt>
            <dd>{venue.data ? `${venue.data.name}, ${venue.data.address.city}` : event.venueId}</dd>
            <dt>Seating layout</dt>
            <dd>
              {event.layoutId ? (layout.data ? `${layout.data.name} (${plural(layout.data.seatCount, 'seat')}${layout.data.gaCapacity ? `, ${layout.data.gaCapacity} standing` : ''})` : event.layoutId) : 'None (general admission only)'}
              {event.layoutVersion !== null && ` — frozen at version ${event.layoutVersion}`}
            </dd>
            <dt>Starts</dt>
            <dd>{when(event.startsAt)}</dd>
            <dt>Ends</dt>
            <dd>{when(event.endsAt)}</dd>
            <dt>Doors open</dt>
            <dd>{when(event.doorsAt)}</dd>
            <dt>Sale window</dt>
            <dd>
              {event.saleStartsAt ? when(event.saleStartsAt) : 'When put on sale'} – {event.saleEndsAt ? when(event.saleEndsAt) : 'until the event ends'}
            </dd>
            <dt>Timezone</dt>
            <dd>{event.timezone}</dd>
            <dt>Holds last</dt>
            <dd>{Math.round(event.holdTtlSeconds / 60)} minutes</dd>
            <dt>Re-entry</dt>
            <dd>{event.reentryAllowed ? 'Allowed (scan out and back in)' : 'Not allowed'}</dd>
            <dt>Inventory</dt>
            <dd>{event.shardThreshold === null ? 'One part' : `Split by section into up to ${event.shardCount} parts above ${event.shardThreshold.toLocaleString()} seats`}</dd>
            {event.description && (
              <>
                <dt>Description</dt>
                <dd style={{ whiteSpace: 'pre-wrap' }}>{event.description}</dd>
              </>
            )}
            {event.publishedAt && (
              <>
                <dt>Published</dt>
                <dd>{when(event.publishedAt)}</dd>
              </>
            )}
            {event.cancelledAt && (
              <>
                <dt>Cancelled</dt>
                <dd>{when(event.cancelledAt)}</dd>
              </>
            )}
          </dl>
        )}
      </section>
      <FeePolicyCard />
    </>
  );
}

function Lifecycle({ event, canManage, onChanged }: { event: Schemas['Event']; canManage: boolean; onChanged: (e: Schemas['Event']) => void }) {
  const { orgId } = useOrg();
  const [confirming, setConfirming] = useState<Move | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const moves = movesFrom(event.status);

  async function go(move: Move) {
    setBusy(true);
    setError(null);
    try {
      const e = await call(api.POST('/api/v1/orgs/{orgId}/events/{eventId}/status', { params: { path: { orgId, eventId: event.id } }, body: { status: move.to } }));
      setConfirming(null);
      onChanged(e);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: 'Failed', status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading" style={{ marginTop: 0 }}>
        Status: {STATUS_LABEL[event.status]}
      </h2>
      <ProblemBanner error={error} />
      {error?.code === 'no_ticket_types' && (
        <p>
          <Link href="/ticket-types">Add a ticket type</Link> first.
        </p>
      )}
      {moves.length === 0 && <p className="hint">This event is {STATUS_LABEL[event.status].toLowerCase()}; its status cannot change any more.</p>}
      {!canManage && moves.length > 0 && <p className="hint">Your role cannot change the event's status.</p>}
      {canManage && moves.length > 0 && !confirming && (
        <ul className="moves">
          {moves.map((m) => (
            <li key={m.to}>
              <button type="button" className={m.danger ? 'danger' : m.to === 'published' || m.to === 'on_sale' ? 'primary' : ''} disabled={busy} onClick={() => (m.confirm ? setConfirming(m) : void go(m))}>
                {m.label}
              </button>{' '}
              <span className="hint">{m.explain}</span>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <div className="banner" role="alertdialog" aria-labelledby="confirm-move" aria-modal="false">
          <p id="confirm-move">
            <strong>{confirming.confirm}</strong>
          </p>
          <div className="toolbar">
            <button type="button" className={confirming.danger ? 'danger' : 'primary'} disabled={busy} onClick={() => void go(confirming)} autoFocus>
              {busy ? 'Working…' : `Yes, ${confirming.label.toLowerCase()}`}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              No, keep it {STATUS_LABEL[event.status].toLowerCase()}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
