/**
 * The event's waiting list (issue #17; docs/buyers.md "Waiting list"): the entries in line order (position, email,
 * quantity, status, offer expiry), "Offer now" to a chosen waiting entry, and the settings: on or off, and how long an
 * offer holds its places. Shows the places the inventory keeps back for the list right now.
 */
import { useState } from 'react';
import { api, ApiError, call, formatInZone } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { can } from './perms';

const STATUS_BADGE: Record<string, string> = { waiting: '', offered: 'warn', claimed: 'good', lapsed: 'bad', left: '' };

export function WaitingList() {
  const { orgId, role, organization } = useOrg();
  const { event } = useEvent();
  const path = { params: { path: { orgId, eventId: event.id } } };
  const list = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/waitlist', path)), [orgId, event.id]);
  const settings = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/waitlist/settings', path)), [orgId, event.id]);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [minutes, setMinutes] = useState<string>('');
  const manage = can(role, 'orders.manage');
  const ticketTypes = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', path)), [orgId, event.id]);
  const types = new Map<string, string>((ticketTypes.data?.items ?? []).map((t) => [t.id, t.name]));

  async function run(step: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await step();
      list.reload();
      settings.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  }
  const patch = (body: { enabled?: boolean; offerMinutes?: number }) => run(() => call(api.PATCH('/api/v1/orgs/{orgId}/events/{eventId}/waitlist/settings', { ...path, body })));
  const offer = (entryId: string) => run(() => call(api.POST('/api/v1/orgs/{orgId}/events/{eventId}/waitlist/{entryId}/offer', { params: { path: { orgId, eventId: event.id, entryId } } })));
  const s = settings.data;
  const kept = s ? Object.entries(s.keptBack).map(([type, n]) => `${n} × ${type === '*' ? 'any type' : (types.get(type) ?? type)}`).join(', ') : '';

  return (
    <section aria-labelledby="waitlist-heading">
      <h2 id="waitlist-heading">Waiting list</h2>
      <p className="hint">When the event or a ticket type sells out, buyers can join. Places that come back are held for the next people in line, who get a timed link to buy them.</p>
      <LoadError error={list.error ?? settings.error} />
      <ProblemBanner error={problem} />
      {s && (
        <div className="card">
          <p>
            The waiting list is <strong>{s.enabled ? 'on' : 'off'}</strong>; offers hold their places for <strong>{s.offerMinutes} minutes</strong>.
            {kept ? ` Kept back for the list now: ${kept}.` : ' Nothing is kept back for the list now.'}
          </p>
          {manage && (
            <div className="toolbar">
              <button type="button" disabled={busy} onClick={() => patch({ enabled: !s.enabled })}>
                {s.enabled ? 'Turn the waiting list off' : 'Turn the waiting list on'}
              </button>
              <label htmlFor="waitlist-minutes">Offer window (minutes)</label>
              <input id="waitlist-minutes" type="number" min={5} max={10080} value={minutes || String(s.offerMinutes)} onChange={(e) => setMinutes(e.target.value)} />
              <button type="button" disabled={busy || !minutes} onClick={() => patch({ offerMinutes: Number(minutes) })}>
                Save offer window
              </button>
            </div>
          )}
        </div>
      )}
      {list.data && list.data.items.length === 0 && <p>Nobody is on the waiting list.</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Quantity</th>
              <th scope="col">Ticket type</th>
              <th scope="col">Status</th>
              <th scope="col">Offer until</th>
              {manage && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <td>{e.position}</td>
                <td>{e.email}</td>
                <td>{e.name}</td>
                <td>{e.quantity}</td>
                <td>{e.ticketTypeId ? (types.get(e.ticketTypeId) ?? e.ticketTypeId) : 'Any'}</td>
                <td>
                  <span className={`badge ${STATUS_BADGE[e.status] ?? ''}`}>{e.status}</span>
                </td>
                <td>{e.status === 'offered' && e.offerExpiresAt ? formatInZone(e.offerExpiresAt, event.timezone, organization.settings.locale, { timeStyle: 'short', dateStyle: 'short' }) : ''}</td>
                {manage && (
                  <td>
                    {e.status === 'waiting' && (
                      <button type="button" disabled={busy} onClick={() => offer(e.id)}>
                        Offer now
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
