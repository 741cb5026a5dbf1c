/**
 * Refunds under every interleaving fast-check finds: refunds of the whole order, of ticket sets and of amounts,
 * under shared keys, own keys or none, started together in random orders. Whatever wins, the provider paid out
 * exactly what D1 and the ledger say was refunded, never more than the order's total, and a ticket is cancelled
 * exactly when a succeeded refund took it. A provider refusal after the claim lets the claim go.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { refundOrder } from '../../../src/domains/orders/refunds';
import type { TenantContext } from '../../../src/platform/context';
import { AppError } from '../../../src/platform/errors';
import { signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { expectRefundsAgree, paidGaOrder, refundAccounts } from '../../support/refunds';

function ownerContext(orgId: string): TenantContext {
  return {
    env,
    db: createDb(env.DB),
    requestId: 'req_property',
    ip: null,
    userAgent: null,
    organizationId: orgId,
    actor: { type: 'system', id: 'system', userId: null, organizationId: orgId, role: null, isPlatformAdmin: false, isPlatformStaff: false },
  };
}

const op = fc.record({
  kind: fc.constantFrom('full' as const, 'tickets' as const, 'amount' as const),
  tickets: fc.subarray([0, 1, 2], { minLength: 1 }),
  share: fc.double({ min: 0.01, max: 1, noNaN: true }),
  key: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
  delayMs: fc.nat(4),
});

describe('refunds under random interleavings', () => {
  it('pay out exactly what D1 and the ledger record, once', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 1000 });
    const ctx = ownerContext(owner.orgId);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 8 }), async (ops) => {
        run += 1;
        const paid = await paidGaOrder(f.eventId, f.gaTypeId, 3);
        const results = await Promise.allSettled(
          ops.map(async (o) => {
            await new Promise((r) => setTimeout(r, o.delayMs));
            const input =
              o.kind === 'full'
                ? { reason: 'full' }
                : o.kind === 'tickets'
                  ? { reason: 'tickets', ticketIds: o.tickets.map((i) => paid.ticketIds[i]!) }
                  : { reason: 'amount', amountMinor: Math.max(1, Math.floor(paid.totalMinor * o.share)) };
            return refundOrder({ ctx, orderId: paid.orderId, input, ...(o.key ? { idempotencyKey: `${run}:${o.key}` } : {}) });
          }),
        );
        for (const r of results) {
          if (r.status === 'fulfilled') expect(r.value.status).toBe('succeeded');
          else {
            // Losers are told clearly (422 more than is left / 409 taken), never a 500.
            expect(r.reason, String(r.reason)).toBeInstanceOf(AppError);
            expect([400, 409, 422]).toContain((r.reason as AppError).status);
          }
        }
        const a = await refundAccounts(paid.orderId);
        expectRefundsAgree(a);
        expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
        // A ticket is cancelled exactly when a succeeded refund took it.
        const taken = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? r.value.ticketIds : [])));
        expect(a.validTickets).toBe(3 - taken.size);
        expect(a.status).toBe(a.refundedMinor >= a.totalMinor && a.validTickets === 0 ? 'refunded' : 'partially_refunded');
      }),
      { numRuns: 10 },
    );
  }, 180_000);

  it('lets the claim go when the provider refuses, so the money can be refunded once under a new key', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const ctx = ownerContext(owner.orgId);
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 2);
    const payment = await env.DB.prepare('select id, provider_payment_id from payments where order_id = ?').bind(paid.orderId).first<{ id: string; provider_payment_id: string }>();
    // The provider no longer knows the payment: it refuses (a definite answer, nothing paid).
    await env.DB.prepare('update payments set provider_payment_id = ? where id = ?').bind('pay_test_unknown', payment!.id).run();
    const refused = await refundOrder({ ctx, orderId: paid.orderId, input: { reason: 'full' }, idempotencyKey: 'first' }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.status).toBe(502);
    let a = await refundAccounts(paid.orderId);
    expect(a).toMatchObject({ status: 'paid', refundedMinor: 0, reservedMinor: 0, validTickets: 2 });
    const again = await refundOrder({ ctx, orderId: paid.orderId, input: { reason: 'full' }, idempotencyKey: 'first' }).catch((e) => e);
    expect(again.code).toBe('refund_failed');

    await env.DB.prepare('update payments set provider_payment_id = ? where id = ?').bind(payment!.provider_payment_id, payment!.id).run();
    const [x, y] = await Promise.allSettled([
      refundOrder({ ctx, orderId: paid.orderId, input: { reason: 'full' }, idempotencyKey: 'second' }),
      refundOrder({ ctx, orderId: paid.orderId, input: { reason: 'full' }, idempotencyKey: 'second' }),
    ]);
    expect(x.status).toBe('fulfilled');
    expect(y.status).toBe('fulfilled');
    a = await refundAccounts(paid.orderId);
    expectRefundsAgree(a);
    expect(a).toMatchObject({ status: 'refunded', refundedMinor: paid.totalMinor, payouts: 1, validTickets: 0 });
  });
});
