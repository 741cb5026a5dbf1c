/** One event: its header (status, links to the storefront page, the live dashboard and its history), tabs, and the tab pages. */
import { lazy, Suspense } from 'react';
import { Link, Route, Switch, useRoute } from 'wouter';
import { api, call, formatInZone } from '../../../api/client';
import { useOrg } from '../../session';
import { EventContext, useEvent, type EventCtx } from './event-context';
import { STATUS_BADGE, STATUS_LABEL } from './lifecycle';
import { can } from './perms';
import { LoadError, useLoad } from '../../../ui/load';
import { Overview } from './overview';
import { TicketTypes } from './ticket-types';
import { PricingRules } from './pricing-rules';
import { Availability } from './availability';
import { SeatMapPreview } from './seat-map';
import { Scans } from './scans';
import { Settlement } from './settlement';
import { WaitingRoom } from './waiting-room';
import { RefundPolicy } from './refund-policy';
import { WaitingList } from './waiting-list';
import { TransferPolicy } from './transfer-policy';

const Dashboard = lazy(() => import('./dashboard'));
const History = lazy(() => import('./history'));


export default function EventPages({ eventId }: { eventId: string }) {
  const { orgId } = useOrg();
  const loaded = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}', { params: { path: { orgId, eventId } } })), [orgId, eventId]);
  if (loaded.error)
    return (
      <>
        <p>
          <Link href={`~/admin/orgs/${orgId}/events`}>← Events</Link>
        </p>
        <LoadError error={loaded.error} />
      </>
    );
  if (!loaded.data) return <p className="loading">Loading event…</p>;
  const ctx: EventCtx = { event: loaded.data, setEvent: loaded.setData, reload: loaded.reload };
  return (
    <EventContext.Provider value={ctx}>
      <Switch>
        <Route path="/dashboard">
          <Suspense fallback={<p className="loading">Loading dashboard…</p>}>
            <Dashboard />
          </Suspense>
        </Route>
        <Route path="/history">
          <Suspense fallback={<p className="loading">Loading history…</p>}>
            <History />
          </Suspense>
        </Route>
        <Route>
          <EventTabs />
        </Route>
      </Switch>
    </EventContext.Provider>
  );
}

function EventTabs() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const tabs = [
    { href: '/', label: 'Overview' },
    { href: '/ticket-types', label: 'Ticket types' },
    ...(can(role, 'pricing.read') ? [{ href: '/pricing', label: 'Pricing rules' }] : []),
    { href: '/availability', label: 'Availability' },
    { href: '/seat-map', label: 'Seat map' },
    { href: '/waiting-room', label: 'Waiting room' },
    { href: '/refunds', label: 'Refunds' },
    ...(can(role, 'orders.read') ? [{ href: '/waiting-list', label: 'Waiting list' }] : []),
    { href: '/transfers', label: 'Transfers' },
    ...(can(role, 'checkins.read') ? [{ href: '/scans', label: 'Scans' }] : []),
    ...(can(role, 'finance.read') ? [{ href: '/settlement', label: 'Settlement' }] : []),
  ];
  const publicPage = event.status !== 'draft';
  return (
    <>
      <p>
        <Link href={`~/admin/orgs/${orgId}/events`}>← Events</Link>
      </p>
      <header className="event-head">
        <h1>
          {event.name} <span className={`badge ${STATUS_BADGE[event.status]}`}>{STATUS_LABEL[event.status]}</span>
        </h1>
        <p className="hint">
          {formatInZone(event.startsAt, event.timezone, organization.settings.locale, { dateStyle: 'full', timeStyle: 'short' })} ({event.timezone})
        </p>
        <div className="toolbar">
          <Link href="/dashboard" className="button primary">
            Dashboard
          </Link>
          <Link href="/history" className="button">
            History
          </Link>
          {publicPage ? (
            <a className="button" href={`/events/${event.id}`} target="_blank" rel="noreferrer">
              Public event page ↗
            </a>
          ) : (
            <span className="hint">The public event page opens when the event is published.</span>
          )}
        </div>
      </header>
      <nav className="tabs" aria-label="Event sections">
        {tabs.map((t) => (
          <TabLink key={t.href} href={t.href} label={t.label} />
        ))}
      </nav>
      <Switch>
        <Route path="/" component={Overview} />
        <Route path="/ticket-types" component={TicketTypes} />
        <Route path="/pricing" component={PricingRules} />
        <Route path="/availability" component={Availability} />
        <Route path="/seat-map" component={SeatMapPreview} />
        <Route path="/waiting-room" component={WaitingRoom} />
        <Route path="/refunds" component={RefundPolicy} />
        <Route path="/waiting-list" component={WaitingList} />
        <Route path="/transfers" component={TransferPolicy} />
        <Route path="/scans" component={Scans} />
        <Route path="/settlement" component={Settlement} />
        <Route>
          <p>Not found.</p>
        </Route>
      </Switch>
    </>
  );
}

function TabLink({ href, label }: { href: string; label: string }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} className={active ? 'active' : ''} aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  );
}
