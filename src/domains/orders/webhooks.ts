/**
 * Incoming payment webhooks: verified by the provider adapter, deduplicated by the provider's event id
 * (a redelivery is answered without doing anything twice), then the order completes or is abandoned.
 */
import { and, eq } from 'drizzle-orm';
import { payments, providerEvents } from '../../db/schema/orders';
import type { ServiceContext } from '../../platform/context';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';
import { isPaymentProviderName, paymentProvider, WebhookSignatureError, type ProviderEvent } from '../payments/provider';
import { abandonOrder, completeOrder } from './complete';
import { loadOrder } from './views';

export async function receivePaymentWebhook(ctx: ServiceContext, providerName: string, rawBody: string, headers: Headers) {
  if (!isPaymentProviderName(providerName)) throw new NotFoundError('Payment provider');
  const provider = paymentProvider(ctx.env, providerName);
  let event: ProviderEvent;
  try {
    event = await provider.parseWebhook(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new BadRequestError('The webhook signature does not verify.', 'invalid_signature');
    throw error;
  }
  if (event.type === 'ignored') return { received: true, outcome: 'ignored' };

  const orderId = event.metadata.orderId;
  const organizationId = event.metadata.organizationId;
  // The unique (provider, event id) index makes "seen before?" atomic.
  const inserted = await ctx.db
    .insert(providerEvents)
    .values({ id: newId(ID_PREFIXES.providerEvent), organizationId: organizationId ?? null, provider: provider.name, providerEventId: event.id, type: event.type, orderId: orderId ?? null, receivedAt: new Date() })
    .onConflictDoNothing()
    .returning({ id: providerEvents.id });
  if (inserted.length === 0) {
    const [seen] = await ctx.db
      .select()
      .from(providerEvents)
      .where(and(eq(providerEvents.provider, provider.name), eq(providerEvents.providerEventId, event.id)))
      .limit(1);
    // Processed before: answer as then. Seen but not processed (a crash mid-way): process again, every step is idempotent.
    if (seen?.processedAt) return { received: true, outcome: seen.outcome ?? 'duplicate', duplicate: true };
  }

  let outcome: string;
  if (!orderId || !organizationId) {
    outcome = 'unknown_order';
    log('warn', 'payment webhook without an order', { provider: provider.name, eventId: event.id });
  } else {
    const order = await loadOrder(ctx.db, organizationId, orderId);
    const [payment] = await ctx.db
      .select()
      .from(payments)
      .where(and(eq(payments.organizationId, organizationId), eq(payments.provider, provider.name), eq(payments.providerSessionId, event.sessionId)))
      .limit(1);
    if (!payment) throw new NotFoundError('Payment');
    if (event.type === 'payment.succeeded') {
      const result = await completeOrder(ctx, order, { paymentRowId: payment.id, providerPaymentId: event.paymentId, amountMinor: event.amountMinor, currency: event.currency });
      outcome = result.outcome;
    } else {
      await abandonOrder(ctx, order, payment.id, event.type === 'payment.failed' ? 'failed' : 'cancelled');
      outcome = event.type;
    }
  }
  await ctx.db
    .update(providerEvents)
    .set({ processedAt: new Date(), outcome })
    .where(and(eq(providerEvents.provider, provider.name), eq(providerEvents.providerEventId, event.id)));
  return { received: true, outcome };
}
