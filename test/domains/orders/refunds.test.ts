/**
 * Refunds pay out once: N refunds of the same ticket or amount at once — under one Idempotency-Key, different
 * keys or none — leave the provider having paid exactly what D1 (refundedMinor, succeeded refunds) and the ledger
 * (refund reversals) say was refunded.
 */
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { expectRefundsAgree, paidGaOrder, refundAccounts } from '../../support/refunds';

describe('concurrent refunds over HTTP', () => {
  it('pays out once when 20 refunds of the same order arrive at once (same key, different keys, no key)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 2);
    const [t1] = paid.ticketIds;
    const bodies = [{ reason: 'Full refund' }, { reason: 'Ticket', ticketIds: [t1] }, { reason: 'Amount', amountMinor: paid.totalMinor }, { reason: 'Half', amountMinor: Math.floor(paid.totalMinor / 2) }];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const headers: Record<string, string> = {};
        if (i % 3 === 0) headers['Idempotency-Key'] = 'same-refund-key';
        else if (i % 3 === 1) headers['Idempotency-Key'] = `key-${i}`;
        // Under one key the body must be the same; the others vary.
        const body = i % 3 === 0 ? bodies[0] : bodies[i % bodies.length];
        return api('POST', `/orgs/${owner.orgId}/orders/${paid.orderId}/refunds`, { token: owner.token, body, headers });
      }),
    );
    for (const r of responses) {
      expect([201, 409, 422], JSON.stringify(r.body)).toContain(r.status);
      if (r.status !== 201) expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(responses.some((r) => r.status === 201)).toBe(true);
    const accounts = await refundAccounts(paid.orderId);
    expectRefundsAgree(accounts);
    // Every request asked for at most the whole order: whatever succeeded never pays more than the order's total.
    expect(accounts.paidOutMinor).toBeLessThanOrEqual(paid.totalMinor);
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${paid.orderId}`, { token: owner.token });
    expect(detail.body.refundedMinor).toBe(accounts.refundedMinor);
    const tb = await api('GET', `/orgs/${owner.orgId}/ledger/trial-balance`, { token: owner.token });
    expect(tb.body.balanced).toBe(true);
  });
});
