/**
 * Events: the list (newest first), a new event, and each event's pages (overview and lifecycle, ticket types,
 * pricing rules, live availability, seat map, scans, settlement) plus its live dashboard. Paths are relative to
 * /admin/orgs/{orgId}/events.
 */
import { lazy, Suspense, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, call, formatInZone, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { useOrg } from '../session';
import { EventForm } from './events/event-form';
import { STATUS_BADGE, STATUS_LABEL, type EventStatus } from './events/lifecycle';
import { can } from './events/perms';
import './events/events.css';

const EventPages = lazy(() => import('./events/detail'));

export default function EventsArea() {
  return (
    <Switch>
      <Route path="/" component={EventList} />
      <Route path="/new" component={NewEvent} />
      <Route path="/:eventId" nest>
        {(params) => (
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <EventPages eventId={params.eventId} />
          </Suspense>
        )}
      </Route>
    </Switch>
  );
}

export function StatusBadge({ status }: { status: EventStatus }) {
  return <span className={`badge ${STATUS_BADGE[status]}`}>{STATUS_LABEL[status]}</span>;
}

const FILTERS: { value: '' | EventStatus; label: string }[] = [
  { value: '', label: 'All statuses' },
  ...(Object.keys(STATUS_LABEL) as EventStatus[]).map((s) => ({ value: s, label: STATUS_LABEL[s] })),
];

function EventList() {
  const { orgId, role, organization } = useOrg();
  const [status, setStatus] = useState<'' | EventStatus>('');
  const list = usePaged<Schemas['Event']>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/events', { params: { path: { orgId }, query: { cursor, limit: 25, ...(status ? { status } : {}) } } })),
    [orgId, status],
  );
  const locale = organization.settings.locale;
  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Events</h1>
        {can(role, 'events.manage') && (
          <Link href="/new" className="button primary">
            New event
          </Link>
        )}
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="event-status-filter">Status</label>
          <select id="event-status-filter" value={status} onChange={(e) => setStatus(e.target.value as '' | EventStatus)}>
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedTable
        list={list}
        rowKey={(e) => e.id}
        caption="Events, newest first"
        empty={
          can(role, 'events.manage') ? (
            <>
              No events yet. Create one with “New event”. It happens at a venue: if yours is not listed under{' '}
              <Link href={`~/admin/orgs/${orgId}/venues`}>Venues & seating</Link> yet, add it there first.
            </>
          ) : (
            'No events yet.'
          )
        }
        columns={[
          { header: 'Event', cell: (e) => <Link href={`/${e.id}`}>{e.name}</Link> },
          { header: 'Status', cell: (e) => <StatusBadge status={e.status} /> },
          { header: 'Starts', cell: (e) => <time dateTime={e.startsAt}>{formatInZone(e.startsAt, e.timezone, locale, { dateStyle: 'medium', timeStyle: 'short' })}</time> },
          { header: 'Timezone', cell: (e) => e.timezone },
          {
            header: 'Open',
            cell: (e) => (
              <span className="row-actions">
                <Link href={`/${e.id}/dashboard`} aria-label={`Dashboard of ${e.name}`}>
                  Dashboard
                </Link>
              </span>
            ),
          },
        ]}
      />
    </>
  );
}

function NewEvent() {
  const [, navigate] = useLocation();
  const { role } = useOrg();
  if (!can(role, 'events.manage')) return <p className="banner error">Your role cannot create events.</p>;
  return (
    <>
      <p>
        <Link href="/">← Events</Link>
      </p>
      <h1>New event</h1>
      <p className="hint">The event starts as a draft. Add ticket types next, then publish it and put it on sale.</p>
      <EventForm submitLabel="Create event" onSaved={(e) => navigate(`/${e.id}/ticket-types`)} />
    </>
  );
}
