/**
 * The payment adapter contract: every PSP (the built-in test provider, Stripe) implements PaymentProvider, and the
 * checkout talks only to this interface. See docs/payments.md.
 */
import { NotFoundError } from '../../platform/errors';
import { createStripeProvider } from './stripe-provider';
import { createTestProvider } from './test-provider';

export { PaymentProviderError, PaymentProviderNotConfiguredError, WebhookPayloadError, WebhookSignatureError } from './errors';

export type CreateSessionInput = {
  /** Our payments.id; also the idempotency key at the provider (the same payment never opens two sessions at Stripe). */
  paymentId: string;
  orderId: string;
  organizationId: string;
  /** Integer minor units of `currency` (cents). */
  amountMinor: number;
  /** ISO 4217, upper case (ZAR). */
  currency: string;
  /** What the buyer sees on the payment page, e.g. "2 tickets: Jazz on the Lawn". */
  description: string;
  buyerEmail: string;
  /** Where the buyer's browser goes after paying / after giving up. `{CHECKOUT_SESSION_ID}` is replaced by the session id. */
  successUrl: string;
  cancelUrl: string;
};

export type CreatedSession = { sessionId: string; redirectUrl: string };

/**
 * A webhook, normalised. `id` is the provider's event id (a redelivery carries the same id: dedupe on it).
 * In payment.succeeded, `paymentId` is the PROVIDER's payment id (what refunds refer to; Stripe's payment intent),
 * while `metadata.paymentId` is ours. `metadata` carries `orderId`, `organizationId` and `paymentId` as sent in
 * createSession.
 */
export type ProviderEvent =
  | { id: string; type: 'payment.succeeded'; sessionId: string; paymentId: string; amountMinor: number; currency: string; metadata: Record<string, string> }
  | { id: string; type: 'payment.failed' | 'payment.cancelled'; sessionId: string; metadata: Record<string, string> }
  | { id: string; type: 'ignored'; providerType: string };

export interface PaymentProvider {
  readonly name: 'test' | 'stripe';
  createSession(input: CreateSessionInput): Promise<CreatedSession>;
  /** Verifies the signature (throws WebhookSignatureError) and normalises the event. */
  parseWebhook(rawBody: string, headers: Headers): Promise<ProviderEvent>;
  refund(input: { providerPaymentId: string; amountMinor: number; currency: string; idempotencyKey: string }): Promise<{ refundId: string; status: 'succeeded' | 'pending' | 'failed' }>;
}

export const PAYMENT_PROVIDERS = ['test', 'stripe'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export function isPaymentProviderName(name: string): name is PaymentProviderName {
  return (PAYMENT_PROVIDERS as readonly string[]).includes(name);
}

/** The secrets are optional: a deployment sets only those of the providers it uses. */
export type PaymentSecrets = {
  PAYMENT_PROVIDER?: string;
  TEST_PROVIDER_WEBHOOK_SECRET?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
};

export function paymentSecrets(env: Env): PaymentSecrets {
  return env as unknown as PaymentSecrets;
}

/**
 * Which provider new orders use: the platform's configuration (env PAYMENT_PROVIDER, else "test", which is
 * refused in production), later the organization's; never the buyer's choice.
 */
export function platformPaymentProvider(env: Env): string {
  return paymentSecrets(env).PAYMENT_PROVIDER || 'test';
}

/**
 * The adapter called `name` (default: env.PAYMENT_PROVIDER, else "test"). An unknown name is a 404 (so
 * `/webhooks/payments/{provider}` answers 404 for it); a known provider without its secrets is a 503.
 */
export function paymentProvider(env: Env, name?: string): PaymentProvider {
  const chosen = name ?? platformPaymentProvider(env);
  switch (chosen) {
    case 'test':
      return createTestProvider(env);
    case 'stripe':
      return createStripeProvider(env);
    default:
      throw new NotFoundError('Payment provider');
  }
}
