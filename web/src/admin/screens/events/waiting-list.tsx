/**
 * The event's waiting list (issue #17; docs/buyers.md "Waiting list"): the entries in line order (position, email,
 * quantity, status, offer expiry), "Offer now" to a chosen waiting entry, and the settings: on or off, and how long an
 * offer holds its places. Shows the places the inventory keeps back for the list right now.
 */
import { useState } from 'react';
import { api, ApiError, call, formatInZone, type Schemas } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { Table } from '../../../ui/table';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { can } from './perms';

type Entry = Schemas['WaitlistEntry'];

const STATUS_BADGE: Record<string, string> = { waiting: '', offered: 'warn', claimed: 'ok', lapsed: 'bad', left: '' };

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
  // Never an id: a placeholder until the names are in, "(removed)" for a type no longer on the event.
  const typeName = (id: string) => types.get(id) ?? (ticketTypes.data ? 'A removed ticket type' : '…');

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
  const kept = s ? Object.entries(s.keptBack).map(([type, n]) => `${n} × ${type === '*' ? 'any type' : typeName(type)}`).join(', ') : '';

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
        <Table<Entry>
          items={list.data.items}
          rowKey={(e) => e.id}
          caption="People on the waiting list, in line order"
          captionHidden
          columns={[
            { header: 'Email', rowHeader: true, cell: (e) => e.email },
            { header: 'Place in line', cell: (e) => e.position },
            { header: 'Name', cell: (e) => e.name },
            { header: 'Quantity', cell: (e) => e.quantity },
            { header: 'Ticket type', cell: (e) => (e.ticketTypeId ? typeName(e.ticketTypeId) : 'Any') },
            { header: 'Status', cell: (e) => <span className={`badge ${STATUS_BADGE[e.status] ?? ''}`}>{e.status}</span> },
            {
              header: 'Offer until',
              cell: (e) => (e.status === 'offered' && e.offerExpiresAt ? formatInZone(e.offerExpiresAt, event.timezone, organization.settings.locale, { timeStyle: 'short', dateStyle: 'short' }) : ''),
            },
            ...(manage
              ? [
                  {
                    header: 'Action',
                    cell: (e: Entry) =>
                      e.status === 'waiting' && (
                        <button type="button" disabled={busy} onClick={() => offer(e.id)}>
                          Offer now
                        </button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}
