/**
 * Coupons: the list (newest first, by event), a new coupon, each coupon with its uses, editing, deactivating
 * and reactivating — and the platform fee in force, so organizers see what buyers pay on top. Paths are
 * relative to /admin/orgs/{orgId}/coupons.
 */
import { useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, call, formatInZone, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { useOrg } from '../session';
import { CouponDetail } from './coupons/detail';
import { CouponForm } from './coupons/form';
import { couponDiscountText, couponUsesText } from './coupons/describe';
import { FeePolicyCard } from './events/fees';
import { can } from './events/perms';
import { useEvents } from './coupons/use-events';
import './events/events.css';

export default function CouponsArea() {
  const { role } = useOrg();
  if (!can(role, 'pricing.read')) return <p className="banner error">Your role cannot see coupons.</p>;
  return (
    <Switch>
      <Route path="/" component={CouponList} />
      <Route path="/new" component={NewCoupon} />
      <Route path="/:couponId">{(p) => <CouponDetail couponId={p.couponId} />}</Route>
    </Switch>
  );
}

function CouponList() {
  const { orgId, role, organization } = useOrg();
  const events = useEvents();
  const [eventId, setEventId] = useState('');
  const list = usePaged<Schemas['Coupon']>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/coupons', { params: { path: { orgId }, query: { cursor, limit: 25, ...(eventId ? { eventId } : {}) } } })),
    [orgId, eventId],
  );
  const locale = organization.settings.locale;
  const zone = organization.settings.timezone;
  const eventName = (id: string | null) => (id ? (events.data?.find((e) => e.id === id)?.name ?? id) : 'All events');
  const day = (iso: string) => formatInZone(iso, zone, locale, { dateStyle: 'medium' });
  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Coupons</h1>
        {can(role, 'pricing.manage') && (
          <Link href="/new" className="button primary">
            New coupon
          </Link>
        )}
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="coupon-event-filter">Event</label>
          <select id="coupon-event-filter" value={eventId} onChange={(e) => setEventId(e.target.value)}>
            <option value="">All coupons</option>
            {(events.data ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {eventId && <p className="hint">Coupons for this event, and those valid for every event.</p>}
      <PagedTable
        list={list}
        rowKey={(c) => c.id}
        caption="Coupons, newest first"
        empty="No coupons yet."
        columns={[
          {
            header: 'Code',
            cell: (c) => (
              <Link href={`/${c.id}`}>
                <code>{c.code}</code>
              </Link>
            ),
          },
          { header: 'Discount', cell: (c) => couponDiscountText(c, locale) },
          { header: 'Event', cell: (c) => eventName(c.eventId) },
          { header: 'Uses', cell: (c) => couponUsesText(c) },
          {
            header: 'Valid',
            cell: (c) => (c.validFrom || c.validUntil ? `${c.validFrom ? day(c.validFrom) : 'Now'} – ${c.validUntil ? day(c.validUntil) : 'no end'}` : 'Always'),
          },
          { header: 'Status', cell: (c) => (c.active ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>) },
        ]}
      />
      <FeePolicyCard />
    </>
  );
}

function NewCoupon() {
  const { role } = useOrg();
  const [, navigate] = useLocation();
  if (!can(role, 'pricing.manage')) return <p className="banner error">Your role cannot create coupons.</p>;
  return (
    <>
      <p>
        <Link href="/">← Coupons</Link>
      </p>
      <h1>New coupon</h1>
      <CouponForm onSaved={(c) => navigate(`/${c.id}`)} />
    </>
  );
}
