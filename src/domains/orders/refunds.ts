/**
 * Refunds, full or partial (by tickets or by amount), in three steps so a race can never pay twice:
 * 1. claim (refund-claim.ts): one batch reserves the amount and the tickets BEFORE the provider is called;
 *    of N racing refunds of the same tickets or money, one claim commits and the others answer 409;
 * 2. pay out: the provider is called under the refund's id as its idempotency key;
 * 3. record (refund-settle.ts): one batch marks the refund succeeded (once), cancels the tickets, moves the
 *    amount from reserved to refunded, reverses the ledger and tells the buyer.
 * Keyed: the same Idempotency-Key twice refunds once; a refund interrupted after its claim (a crash, or the
 * provider unreachable) finishes on a retry under the same key. When the provider refuses, the claim is let go
 * and the refund is recorded as failed; that key then answers 409 and a new key may try again.
 */
import { and, eq } from 'drizzle-orm';
import { payments, refunds } from '../../db/schema/orders';
import type { TenantContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { paymentProvider, PaymentProviderError } from '../payments/provider';
import { claimRefund, releaseRefund, SameKeyClaimed, type RefundRow } from './refund-claim';
import { AlreadySettled, settleRefund } from './refund-settle';
import type { RefundRequest } from './schemas';
import { loadOrder } from './views';

async function refundByKey(ctx: TenantContext, key: string): Promise<RefundRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.idempotencyKey, key)))
    .limit(1);
  return row;
}

async function refundById(ctx: TenantContext, id: string): Promise<RefundRow> {
  const [row] = await ctx.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.id, id)))
    .limit(1);
  return row!;
}

export async function refundOrder({ ctx, orderId, input, idempotencyKey }: { ctx: TenantContext; orderId: string; input: RefundRequest; idempotencyKey?: string }) {
  const order = await loadOrder(ctx.db, ctx.organizationId, orderId);
  const key = idempotencyKey ?? `auto:${crypto.randomUUID()}`;
  let refund = await refundByKey(ctx, key);
  if (refund && refund.orderId !== order.id) throw new ConflictError('This Idempotency-Key was already used to refund another order.', 'idempotency_key_reused');
  if (!refund) {
    try {
      refund = await claimRefund(ctx, order, input, key);
    } catch (error) {
      if (!(error instanceof SameKeyClaimed)) throw error;
      // Another request under this key claimed it a moment ago: finish that one rather than start a second.
      refund = (await refundByKey(ctx, key))!;
    }
  }
  return driveRefund(ctx, refund);
}

/** Pays out a claimed refund and records it; a settled refund is answered as it is. */
async function driveRefund(ctx: TenantContext, refund: RefundRow): Promise<RefundRow> {
  if (refund.status === 'succeeded') return refund;
  if (refund.status === 'failed') throw new ConflictError('This refund failed at the payment provider and its claim was released; send a new Idempotency-Key to try again.', 'refund_failed');
  let providerRefundId: string | null = null;
  if (refund.amountMinor > 0) {
    const order = await loadOrder(ctx.db, ctx.organizationId, refund.orderId);
    const payment = await paymentOf(ctx, refund);
    let result: Awaited<ReturnType<ReturnType<typeof paymentProvider>['refund']>>;
    try {
      result = await paymentProvider(ctx.env, order.paymentProvider).refund({
        providerPaymentId: payment.providerPaymentId!,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        idempotencyKey: refund.id,
      });
    } catch (error) {
      // A refusal the provider answered (it has a code) paid nothing: let the claim go. Anything else (unreachable,
      // timed out) may have paid: the claim stays pending and a retry under the same key asks the provider again.
      if (error instanceof PaymentProviderError && error.providerCode) await releaseRefundOnce(ctx, refund, error.message);
      throw error;
    }
    if (result.status === 'failed') {
      await releaseRefundOnce(ctx, refund, 'The payment provider declined the refund.');
      throw new PaymentProviderError('The payment provider declined the refund.', 'refund_failed');
    }
    providerRefundId = result.refundId;
  }
  try {
    await settleRefund(ctx, refund, providerRefundId);
  } catch (error) {
    if (!(error instanceof AlreadySettled)) throw error;
  }
  return refundById(ctx, refund.id);
}

async function releaseRefundOnce(ctx: TenantContext, refund: RefundRow, why: string) {
  try {
    await releaseRefund(ctx, refund, why);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

async function paymentOf(ctx: TenantContext, refund: RefundRow) {
  const [payment] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.organizationId, ctx.organizationId), eq(payments.id, refund.paymentId)))
    .limit(1);
  if (!payment?.providerPaymentId) throw new ConflictError('The order has no completed payment to refund.', 'no_payment');
  return payment;
}
