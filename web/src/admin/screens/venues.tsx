/**
 * Venues & seating (/admin/orgs/{orgId}/venues): the venue list, a new venue, one venue with its gates and
 * layouts, and the seating builder (/venues/{venueId}/layouts/new or /{layoutId}).
 */
import { lazy, Suspense, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { atLeast, useOrg } from '../session';
import { VenueDetail } from './venues/venue-detail';
import { VenueForm } from './venues/venue-form';
import './venues/venues.css';

const SeatingBuilder = lazy(() => import('./venues/seating-builder').then((m) => ({ default: m.SeatingBuilder })));

export default function VenuesArea() {
  return (
    <Switch>
      <Route path="/" component={VenueList} />
      <Route path="/new" component={NewVenue} />
      <Route path="/:venueId/layouts/:layoutId">
        {(p) => (
          <Suspense fallback={<p className="loading">Loading the seating builder…</p>}>
            <SeatingBuilder venueId={p.venueId} layoutId={p.layoutId === 'new' ? undefined : p.layoutId} />
          </Suspense>
        )}
      </Route>
      <Route path="/:venueId">{(p) => <VenueDetail key={p.venueId} venueId={p.venueId} />}</Route>
    </Switch>
  );
}

function VenueList() {
  const { orgId, role } = useOrg();
  const [includeArchived, setIncludeArchived] = useState(false);
  const list = usePaged<Schemas['Venue']>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues', { params: { path: { orgId }, query: { cursor, limit: 25, includeArchived: includeArchived ? 'true' : 'false' } } })),
    [orgId, includeArchived],
  );
  return (
    <>
      <h1>Venues & seating</h1>
      <div className="toolbar">
        {atLeast(role, 'staff') && (
          <Link href="/new" className="button primary">
            New venue
          </Link>
        )}
        <label className="inline-check">
          <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} /> Show archived venues
        </label>
      </div>
      <PagedTable
        list={list}
        rowKey={(v) => v.id}
        caption="Venues"
        empty="No venues yet. Add the place your events happen: its gates and seating layouts live with it."
        columns={[
          {
            header: 'Name',
            cell: (v) => (
              <>
                <Link href={`/${v.id}`}>{v.name}</Link> {v.archivedAt && <span className="badge warn">Archived</span>}
              </>
            ),
          },
          { header: 'City', cell: (v) => `${v.address.city}, ${v.address.country}` },
          { header: 'Capacity', cell: (v) => v.capacity.toLocaleString() },
          { header: 'Time zone', cell: (v) => v.timezone },
        ]}
      />
    </>
  );
}

function NewVenue() {
  const [, navigate] = useLocation();
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/">Venues</Link> › <span>New venue</span>
      </nav>
      <h1>New venue</h1>
      <div className="card narrow">
        <VenueForm onSaved={(v) => navigate(`/${v.id}`)} onCancel={() => navigate('/')} />
      </div>
    </>
  );
}
