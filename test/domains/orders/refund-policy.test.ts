/**
 * The refund policy: its fee math to the cent (percentage rounded half up, plus a fixed part, never more than the
 * ticket gives back), the days-before deadline on the event's wall clock (across a DST change), and the organizer's
 * routes to set it (validated, permission-checked, tenant-scoped, audited).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteTicket, refundDeadline, withinPolicy, type PolicyTerms } from '../../../src/domains/refund-policies/policy-math';
import { addMember, api, signup } from '../../support/api';
import { draftEvent } from '../../support/events';

const terms = (t: Partial<PolicyTerms>): PolicyTerms => ({ mode: 'until_days_before', daysBefore: 0, feeBasisPoints: 0, feeFixedMinor: 0, refundBookingFee: false, ...t });
const line = (totalMinor: number, buyerFeeMinor = 0) => ({ ticketId: 'tkt_x', totalMinor, buyerFeeMinor });

describe('fee math', () => {
  it('keeps the percentage rounded half up to the cent, plus the fixed part, per ticket', () => {
    expect(quoteTicket(terms({ feeBasisPoints: 500 }), line(20000))).toMatchObject({ baseMinor: 20000, feeMinor: 1000, refundMinor: 19000 });
    // 2.5 % of 123.45 = 3.08625 → 3.09
    expect(quoteTicket(terms({ feeBasisPoints: 250 }), line(12345))).toMatchObject({ feeMinor: 309, refundMinor: 12036 });
    // 2.5 % of 1.00 = 0.025 → 0.03 (half up); 2.5 % of 0.20 = 0.005 → 0.01
    expect(quoteTicket(terms({ feeBasisPoints: 250 }), line(100)).feeMinor).toBe(3);
    expect(quoteTicket(terms({ feeBasisPoints: 250 }), line(20)).feeMinor).toBe(1);
    expect(quoteTicket(terms({ feeBasisPoints: 1000, feeFixedMinor: 1500 }), line(20000))).toMatchObject({ feeMinor: 3500, refundMinor: 16500 });
  });

  it('never keeps more than the ticket gives back', () => {
    expect(quoteTicket(terms({ feeFixedMinor: 5000 }), line(3000))).toMatchObject({ baseMinor: 3000, feeMinor: 3000, refundMinor: 0 });
    expect(quoteTicket(terms({ feeBasisPoints: 10000, feeFixedMinor: 1 }), line(777))).toMatchObject({ feeMinor: 777, refundMinor: 0 });
  });

  it('keeps the booking fee unless the policy gives it back', () => {
    expect(quoteTicket(terms({ feeBasisPoints: 1000 }), line(21500, 1500))).toMatchObject({ baseMinor: 20000, feeMinor: 2000, refundMinor: 18000 });
    expect(quoteTicket(terms({ feeBasisPoints: 1000, refundBookingFee: true }), line(21500, 1500))).toMatchObject({ baseMinor: 21500, feeMinor: 2150, refundMinor: 19350 });
  });

  it('always splits the base into fee + refund, both whole cents and never negative', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(100_000), fc.nat(10_000), fc.nat(1_000_000), fc.boolean(), (total, buyerFee, bps, fixed, back) => {
        const q = quoteTicket(terms({ feeBasisPoints: bps, feeFixedMinor: fixed, refundBookingFee: back }), line(total + buyerFee, buyerFee));
        expect(q.baseMinor).toBe(back ? total + buyerFee : total);
        expect(q.feeMinor + q.refundMinor).toBe(q.baseMinor);
        expect(q.feeMinor).toBeGreaterThanOrEqual(0);
        expect(q.refundMinor).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(q.feeMinor)).toBe(true);
      }),
    );
  });
});

describe('the days-before deadline', () => {
  it('ends automatic refunds N calendar days before the start, to the millisecond', () => {
    // 20:00 in Johannesburg on 14 March 2027.
    const event = { startsAt: new Date('2027-03-14T18:00:00.000Z'), timezone: 'Africa/Johannesburg' };
    const policy = terms({ daysBefore: 7 });
    expect(refundDeadline(policy, event)!.toISOString()).toBe('2027-03-07T18:00:00.000Z');
    expect(withinPolicy(policy, event, new Date('2027-03-07T17:59:59.999Z'))).toBe(true);
    expect(withinPolicy(policy, event, new Date('2027-03-07T18:00:00.000Z'))).toBe(false);
    expect(withinPolicy(terms({ daysBefore: 0 }), event, new Date('2027-03-14T17:59:59.999Z'))).toBe(true);
    expect(withinPolicy(terms({ daysBefore: 0 }), event, event.startsAt)).toBe(false);
  });

  it('counts days on the event’s wall clock across a daylight-saving change', () => {
    // 20:00 CEST on 1 April 2027 in Amsterdam; clocks went forward on 28 March, so 7 days earlier is 20:00 CET (19:00 UTC).
    const event = { startsAt: new Date('2027-04-01T18:00:00.000Z'), timezone: 'Europe/Amsterdam' };
    expect(refundDeadline(terms({ daysBefore: 7 }), event)!.toISOString()).toBe('2027-03-25T19:00:00.000Z');
  });

  it('gives no automatic refunds under `none`', () => {
    const event = { startsAt: new Date('2099-01-01T00:00:00Z'), timezone: 'UTC' };
    expect(refundDeadline({ ...terms({}), mode: 'none' }, event)).toBeNull();
    expect(withinPolicy({ ...terms({}), mode: 'none' }, event, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('setting the policy (PUT /orgs/{orgId}/events/{eventId}/refund-policy)', () => {
  it('is `none` until set, then saved, audited and shown with its deadline', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    const path = `/orgs/${owner.orgId}/events/${f.eventId}/refund-policy`;
    const initial = await api('GET', path, { token: owner.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ mode: 'none', deadline: null });
    const set = await api('PUT', path, { token: owner.token, body: { mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 500, feeFixedMinor: 1000 } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 500, feeFixedMinor: 1000, refundBookingFee: false });
    expect(new Date(set.body.deadline).getTime()).toBeLessThan(Date.now() + 30 * 86_400_000);
    expect((await api('GET', path, { token: owner.token })).body).toEqual(set.body);
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=event.refund_policy_set`, { token: owner.token });
    expect(JSON.stringify(audit.body)).toContain('event.refund_policy_set');
  });

  it('refuses a bad policy with a 422, a viewer with a 403, and another organization’s event with a 404', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    const path = `/orgs/${owner.orgId}/events/${f.eventId}/refund-policy`;
    for (const body of [{ mode: 'sometimes' }, { mode: 'until_days_before', feeBasisPoints: 10_001 }, { mode: 'until_days_before', daysBefore: -1 }, { mode: 'none', extra: 1 }]) {
      const res = await api('PUT', path, { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const viewer = await addMember(owner, 'viewer');
    expect((await api('PUT', path, { token: viewer.token, body: { mode: 'none' } })).status).toBe(403);
    expect((await api('GET', path, { token: viewer.token })).status).toBe(200);
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/events/${f.eventId}/refund-policy`, { token: other.token })).status).toBe(404);
    expect((await api('PUT', `/orgs/${other.orgId}/events/${f.eventId}/refund-policy`, { token: other.token, body: { mode: 'none' } })).status).toBe(404);
  });
});
