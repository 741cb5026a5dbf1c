/** One coupon: what it gives, its uses against its limits, editing, deactivating and reactivating. */
import { useState } from 'react';
import { Link } from 'wouter';
import { ApiError, api, call, formatInZone } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { useOrg } from '../../session';
import { useEvents } from './use-events';
import { can } from '../events/perms';
import { LoadError, useLoad } from '../../../ui/load';
import { couponDiscountText, usesLeft } from './describe';
import { CouponForm } from './form';

export function CouponDetail({ couponId }: { couponId: string }) {
  const { orgId, role, organization } = useOrg();
  const events = useEvents();
  const coupon = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/coupons/{couponId}', { params: { path: { orgId, couponId } } })), [orgId, couponId]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmOff, setConfirmOff] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const c = coupon.data;
  const types = useLoad(
    () => (c?.eventId ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path: { orgId, eventId: c.eventId } } })).then((r) => r.items) : Promise.resolve([])),
    [orgId, c?.eventId],
  );
  const manage = can(role, 'pricing.manage');
  const locale = organization.settings.locale;
  const event = c?.eventId ? events.data?.find((e) => e.id === c.eventId) : undefined;
  const zone = event?.timezone ?? organization.settings.timezone;
  const when = (iso: string) => formatInZone(iso, zone, locale, { dateStyle: 'medium', timeStyle: 'short' });

  async function setActive(active: boolean) {
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      const next = active
        ? await call(api.PATCH('/api/v1/orgs/{orgId}/coupons/{couponId}', { params: { path: { orgId, couponId } }, body: { active: true } }))
        : await call(api.DELETE('/api/v1/orgs/{orgId}/coupons/{couponId}', { params: { path: { orgId, couponId } } }));
      coupon.setData(next);
      setConfirmOff(false);
      setNotice(active ? 'Reactivated: buyers can use the code again.' : 'Deactivated: the code no longer works. Its uses stay on record.');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Failed', status: 0, detail: String(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        <Link href="/">← Coupons</Link>
      </p>
      <LoadError error={coupon.error} />
      {!c && !coupon.error && <p className="loading">Loading coupon…</p>}
      {c && (
        <>
          <h1>
            Coupon <code>{c.code}</code> {c.active ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>}
          </h1>
          {notice && (
            <p className="banner ok" role="status">
              {notice}
            </p>
          )}
          <ProblemBanner error={error} />
          {editing ? (
            <CouponForm
              coupon={c}
              onSaved={(next) => {
                coupon.setData(next);
                setEditing(false);
                setNotice('Saved.');
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <section className="card" aria-label="Coupon details">
              <dl className="facts">
                <dt>Discount</dt>
                <dd>{couponDiscountText(c, locale)}</dd>
                <dt>Uses</dt>
                <dd>
                  {c.redeemedCount} {c.redeemedCount === 1 ? 'use' : 'uses'} (reserved by pending orders or redeemed by paid ones)
                  {c.maxRedemptions !== null && ` — ${usesLeft(c)} of ${c.maxRedemptions} left`}
                </dd>
                <dt>Per buyer</dt>
                <dd>{c.maxPerBuyer === null ? 'No limit' : `At most ${c.maxPerBuyer}`}</dd>
                <dt>Event</dt>
                <dd>{c.eventId ? (event ? <Link href={`~/admin/orgs/${orgId}/events/${c.eventId}`}>{event.name}</Link> : c.eventId) : 'Every event'}</dd>
                <dt>Ticket types</dt>
                <dd>{c.ticketTypeIds.length ? c.ticketTypeIds.map((id) => types.data?.find((t) => t.id === id)?.name ?? id).join(', ') : 'All'}</dd>
                <dt>Valid</dt>
                <dd>
                  {c.validFrom ? when(c.validFrom) : 'From now'} – {c.validUntil ? when(c.validUntil) : 'no end'}
                </dd>
                <dt>Unlocks hidden types</dt>
                <dd>{c.unlocksHidden ? 'Yes' : 'No'}</dd>
                <dt>Created</dt>
                <dd>{when(c.createdAt)}</dd>
                <dt>Changed</dt>
                <dd>{when(c.updatedAt)}</dd>
              </dl>
              {manage && (
                <div className="toolbar">
                  <button type="button" onClick={() => (setEditing(true), setNotice(null))}>
                    Edit coupon
                  </button>
                  {c.active ? (
                    <button type="button" className="danger" disabled={busy} onClick={() => setConfirmOff(true)}>
                      Deactivate
                    </button>
                  ) : (
                    <button type="button" className="primary" disabled={busy} onClick={() => void setActive(true)}>
                      Reactivate
                    </button>
                  )}
                </div>
              )}
              {confirmOff && (
                <div className="banner" role="alertdialog" aria-labelledby="confirm-off">
                  <p id="confirm-off">
                    <strong>Deactivate {c.code}?</strong> Buyers can no longer use it; orders that used it keep their discount.
                  </p>
                  <div className="toolbar">
                    <button type="button" className="danger" disabled={busy} onClick={() => void setActive(false)}>
                      Yes, deactivate
                    </button>
                    <button type="button" onClick={() => setConfirmOff(false)}>
                      Keep it active
                    </button>
                  </div>
                </div>
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}
