/**
 * The last seats under contention: many buyers at once for the last places, some with payments that
 * arrive after their hold expired. Exactly capacity orders end paid; everyone else is refused at the
 * hold or refunded; the ledger balances.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

const CAPACITY = 3;

describe('the last places under contention', () => {
  it('ends with exactly capacity paid orders, every other buyer refused or refunded, and a balanced ledger', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: CAPACITY });

    // First wave: ten buyers at once for three places.
    const firstTries = await Promise.all(Array.from({ length: 10 }, () => hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 })));
    const firstHolds = firstTries.filter((r) => r.status === 201);
    expect(firstHolds).toHaveLength(CAPACITY);
    expect(firstTries.filter((r) => r.status === 409).every((r) => r.body.code === 'sold_out')).toBe(true);
    const firstOrders = await Promise.all(firstHolds.map((h) => checkout(f.eventId, [h.body.id])));
    expect(firstOrders.map((o) => o.status)).toEqual(Array(CAPACITY).fill(201));

    // Their holds run out before they pay; a second wave takes the places.
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${owner.orgId}:${f.eventId}`));
    await stub.advanceClockForTests(30 * 60_000);
    await runDurableObjectAlarm(stub);
    const secondTries = await Promise.all(Array.from({ length: 6 }, () => hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 })));
    const secondHolds = secondTries.filter((r) => r.status === 201);
    expect(secondHolds).toHaveLength(CAPACITY);
    const secondOrders = await Promise.all(secondHolds.map((h) => checkout(f.eventId, [h.body.id])));

    // Everyone pays at once.
    const all = [...firstOrders, ...secondOrders];
    await Promise.all(all.map((o) => pressPaymentButton(o.body.payment.redirectUrl, 'pay')));
    const finals = await Promise.all(all.map((o) => orderReaches(o.body.accessToken, ['paid', 'cancelled'], 10_000)));
    const paid = finals.filter((o) => o.status === 'paid');
    const refunded = finals.filter((o) => o.status === 'cancelled');
    expect(paid).toHaveLength(CAPACITY);
    expect(refunded).toHaveLength(all.length - CAPACITY);
    expect(paid.flatMap((o) => o.tickets)).toHaveLength(CAPACITY);
    for (const o of refunded) {
      const detail = await api('GET', `/orgs/${owner.orgId}/orders/${o.id}`, { token: owner.token });
      expect(detail.body.payments[0].status).toBe('refunded');
    }

    const live = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(live.body.counts.sold).toBe(CAPACITY);
    expect(live.body.counts.held).toBe(0);
    expect(await stub.inspect()).toEqual({ violations: [] });

    const tb = await api('GET', `/orgs/${owner.orgId}/ledger/trial-balance`, { token: owner.token });
    expect(tb.body.balanced).toBe(true);
    const clearing = tb.body.accounts.find((a: { code: string }) => a.code === 'provider_clearing');
    expect(clearing.balanceMinor).toBe(paid.reduce((n, o) => n + o.totalMinor, 0));
  });
});
