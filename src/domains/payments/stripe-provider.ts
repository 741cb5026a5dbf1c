/**
 * Stripe through the official SDK, configured for Workers (fetch HTTP client, SubtleCrypto for signatures):
 * Checkout Sessions for payment, signed webhooks for the outcome, refunds by payment intent.
 * Needs STRIPE_SECRET_KEY for API calls and STRIPE_WEBHOOK_SECRET for webhooks; see docs/payments.md.
 */
import type Stripe from 'stripe';
import { log } from '../../platform/logger';
import { PaymentProviderError, PaymentProviderNotConfiguredError, WebhookPayloadError, WebhookSignatureError } from './errors';
import type { CreatedSession, CreateSessionInput, PaymentProvider, PaymentSecrets, ProviderEvent } from './provider';

type StripeConfig = NonNullable<ConstructorParameters<typeof Stripe>[1]>;
export type StripeHttpClient = NonNullable<StripeConfig['httpClient']>;

export type StripeProviderOptions = {
  secretKey?: string;
  webhookSecret?: string;
  /** Defaults to the SDK's fetch client; tests pass one that plays a fake Stripe API in-process. */
  httpClient?: StripeHttpClient;
  /** Milliseconds; tests move the clock for the signature tolerance. */
  now?: () => number;
};

type StripeSdk = typeof Stripe;
let sdk: Promise<{ Stripe: StripeSdk; cryptoProvider: ReturnType<StripeSdk['createSubtleCryptoProvider']> }> | undefined;

/**
 * The SDK (about 700 KB) is loaded on first use, not at startup: most requests never touch Stripe, and evaluating
 * it would lengthen every cold start, including the on-sale traffic that only takes holds.
 */
function loadSdk() {
  return (sdk ??= import('stripe').then(({ default: Stripe }) => ({ Stripe, cryptoProvider: Stripe.createSubtleCryptoProvider() })));
}

/** Stripe's metadata values are strings; ours always are, anything else is dropped. */
function stringMetadata(metadata: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private client: Stripe | undefined;

  constructor(private readonly options: StripeProviderOptions) {}

  private async stripe(): Promise<{ client: Stripe; Stripe: StripeSdk }> {
    if (!this.options.secretKey) throw new PaymentProviderNotConfiguredError('STRIPE_SECRET_KEY is not set.');
    const { Stripe } = await loadSdk();
    this.client ??= new Stripe(this.options.secretKey, {
      httpClient: this.options.httpClient ?? Stripe.createFetchHttpClient(),
      // Safe to retry: every call that changes something carries an idempotency key.
      maxNetworkRetries: 2,
      appInfo: { name: 'voelgoed-events' },
    });
    return { client: this.client, Stripe };
  }

  /** Stripe's errors become PaymentProviderError; the provider's message is logged, not shown (it may name keys). */
  private async call<T>(operation: string, fn: (stripe: Stripe) => Promise<T>): Promise<T> {
    const { client, Stripe } = await this.stripe();
    try {
      return await fn(client);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeError) {
        log('warn', 'stripe call failed', { operation, type: err.type, code: err.code, status: err.statusCode, stripeRequestId: err.requestId, message: err.message });
        throw new PaymentProviderError(`Stripe refused or failed the ${operation}${err.code ? ` (${err.code})` : ''}.`, err.code);
      }
      throw err;
    }
  }

  async createSession(input: CreateSessionInput): Promise<CreatedSession> {
    const metadata = { orderId: input.orderId, organizationId: input.organizationId, paymentId: input.paymentId };
    const session = await this.call('checkout session', (stripe) =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amountMinor, product_data: { name: input.description } }, quantity: 1 }],
          customer_email: input.buyerEmail,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          client_reference_id: input.orderId,
          metadata,
          payment_intent_data: { metadata },
        },
        // One payment, one session: a retried call (ours or the SDK's) gets the same session back.
        { idempotencyKey: input.paymentId },
      ),
    );
    if (!session.url) throw new PaymentProviderError('Stripe returned a checkout session without a URL.');
    return { sessionId: session.id, redirectUrl: session.url };
  }

  async parseWebhook(rawBody: string, headers: Headers): Promise<ProviderEvent> {
    const signature = headers.get('Stripe-Signature');
    if (!signature) throw new WebhookSignatureError('Missing Stripe-Signature header.');
    if (!this.options.webhookSecret) throw new PaymentProviderNotConfiguredError('STRIPE_WEBHOOK_SECRET is not set.');
    const { Stripe, cryptoProvider } = await loadSdk();
    let event: Stripe.Event;
    try {
      // The static helper needs no API key: verifying a webhook is local work.
      event = await Stripe.webhooks.constructEventAsync(rawBody, signature, this.options.webhookSecret, undefined, cryptoProvider, this.options.now?.());
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError(err.message.split('\n')[0]);
      if (err instanceof SyntaxError) throw new WebhookPayloadError('The webhook body is not JSON.');
      throw err;
    }
    return normaliseStripeEvent(event);
  }

  async refund(input: { providerPaymentId: string; amountMinor: number; currency: string; idempotencyKey: string }) {
    const refund = await this.call('refund', (stripe) =>
      stripe.refunds.create({ payment_intent: input.providerPaymentId, amount: input.amountMinor }, { idempotencyKey: input.idempotencyKey }),
    );
    const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
    return { refundId: refund.id, status } as const;
  }
}

/** Stripe's events in our terms. Only Checkout Session events matter; everything else is acknowledged and ignored. */
export function normaliseStripeEvent(event: Stripe.Event): ProviderEvent {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      // "completed" with payment_status "unpaid" is a delayed method (bank debit): the money comes with async_payment_succeeded.
      if (session.payment_status !== 'paid') return { id: event.id, type: 'ignored', providerType: `${event.type}:${session.payment_status}` };
      const paymentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (!paymentId || session.amount_total === null || !session.currency) throw new WebhookPayloadError(`${event.type} without a payment intent, amount or currency.`);
      return {
        id: event.id,
        type: 'payment.succeeded',
        sessionId: session.id,
        paymentId,
        amountMinor: session.amount_total,
        currency: session.currency.toUpperCase(),
        metadata: stringMetadata(session.metadata),
      };
    }
    case 'checkout.session.async_payment_failed':
      return { id: event.id, type: 'payment.failed', sessionId: event.data.object.id, metadata: stringMetadata(event.data.object.metadata) };
    case 'checkout.session.expired':
      return { id: event.id, type: 'payment.cancelled', sessionId: event.data.object.id, metadata: stringMetadata(event.data.object.metadata) };
    default:
      return { id: event.id, type: 'ignored', providerType: event.type };
  }
}

/** One Stripe client per isolate and key (building one sets up every API resource). */
let cached: { key: string; provider: StripePaymentProvider } | undefined;

export function createStripeProvider(env: Env, options: Pick<StripeProviderOptions, 'httpClient' | 'now'> = {}): StripePaymentProvider {
  const secrets = env as unknown as PaymentSecrets;
  const config = { secretKey: secrets.STRIPE_SECRET_KEY, webhookSecret: secrets.STRIPE_WEBHOOK_SECRET };
  if (!config.secretKey && !config.webhookSecret) throw new PaymentProviderNotConfiguredError('Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET).');
  if (options.httpClient || options.now) return new StripePaymentProvider({ ...config, ...options });
  const key = `${config.secretKey ?? ''}\u0000${config.webhookSecret ?? ''}`;
  if (cached?.key !== key) cached = { key, provider: new StripePaymentProvider(config) };
  return cached.provider;
}
