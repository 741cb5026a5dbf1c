/**
 * One contract, both adapters: whatever PSP is behind PaymentProvider, the checkout sees the same behaviour.
 * The test provider runs as in production; Stripe runs through the real SDK against a fake Stripe API
 * (test/support/fake-stripe.ts), and its webhooks are signed with the SDK's own generateTestHeaderStringAsync.
 */
import { env } from 'cloudflare:test';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/platform/errors';
import {
  paymentProvider,
  PaymentProviderError,
  PaymentProviderNotConfiguredError,
  WebhookSignatureError,
  type CreatedSession,
  type CreateSessionInput,
  type PaymentProvider,
} from '../../../src/domains/payments/provider';
import { createStripeProvider, StripePaymentProvider } from '../../../src/domains/payments/stripe-provider';
import { createTestProvider, signTestWebhook, TestPaymentProvider, TEST_SIGNATURE_HEADER } from '../../../src/domains/payments/test-provider';
import { FakeStripeApi } from '../../support/fake-stripe';

const secrets = env as unknown as { TEST_PROVIDER_WEBHOOK_SECRET: string; STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string };
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What the provider was asked to charge, read back from the provider's side. */
type Received = { amountMinor: number; currency: string; description: string; metadata: Record<string, string>; successUrl: string; cancelUrl: string };

type Harness = {
  provider: PaymentProvider;
  received(session: CreatedSession): Promise<Received>;
  /** An unsigned webhook body reporting the session paid, and the provider payment id it names. */
  paidBody(session: CreatedSession): Promise<{ body: string; providerPaymentId: string }>;
  endedBody(session: CreatedSession, outcome: 'failed' | 'cancelled'): Promise<string>;
  unrelatedBody(): string;
  /** Headers carrying the provider's signature of `body`. */
  sign(body: string, options?: { secret?: string; timestamp?: number }): Promise<Headers>;
  signatureHeader: string;
};

function testHarness(): Harness {
  const provider = createTestProvider(env);
  return {
    provider,
    signatureHeader: TEST_SIGNATURE_HEADER,
    async received(session) {
      // "Decode the page": the hosted page shows what the session id carries, and nothing else is stored.
      const decoded = await provider.readSession(session.sessionId);
      if (!decoded) throw new Error('session did not decode');
      const { amountMinor, currency, description, successUrl, cancelUrl } = decoded;
      return { amountMinor, currency, description, successUrl, cancelUrl, metadata: { orderId: decoded.orderId, organizationId: decoded.organizationId, paymentId: decoded.paymentId } };
    },
    async paidBody(session) {
      const decoded = (await provider.readSession(session.sessionId))!;
      const { body } = await provider.webhookEvent(session.sessionId, decoded, 'pay');
      return { body, providerPaymentId: JSON.parse(body).data.paymentId };
    },
    async endedBody(session, outcome) {
      const decoded = (await provider.readSession(session.sessionId))!;
      return (await provider.webhookEvent(session.sessionId, decoded, outcome === 'failed' ? 'fail' : 'cancel')).body;
    },
    unrelatedBody: () => JSON.stringify({ id: 'evt_test_unrelated', object: 'event', type: 'payment.disputed', livemode: false, data: {} }),
    async sign(body, { secret = secrets.TEST_PROVIDER_WEBHOOK_SECRET, timestamp = nowSeconds() } = {}) {
      return new Headers({ [TEST_SIGNATURE_HEADER]: await signTestWebhook(secret, body, timestamp) });
    },
  };
}

function stripeHarness(fake = new FakeStripeApi(secrets.STRIPE_SECRET_KEY)): Harness & { fake: FakeStripeApi } {
  const provider = createStripeProvider(env, { httpClient: fake.httpClient() });
  return {
    fake,
    provider,
    signatureHeader: 'Stripe-Signature',
    async received(session) {
      const request = fake.requests.find((r) => r.path === '/v1/checkout/sessions');
      const stored = fake.sessions.get(session.sessionId);
      if (!request || !stored) throw new Error('fake Stripe saw no session');
      return {
        amountMinor: Number(request.form['line_items[0][price_data][unit_amount]']) * Number(request.form['line_items[0][quantity]']),
        currency: request.form['line_items[0][price_data][currency]']!.toUpperCase(),
        description: request.form['line_items[0][price_data][product_data][name]']!,
        successUrl: request.form.success_url!,
        cancelUrl: request.form.cancel_url!,
        metadata: stored.metadata,
      };
    },
    async paidBody(session) {
      const event = fake.event(session.sessionId, 'checkout.session.completed');
      return { body: JSON.stringify(event, null, 2), providerPaymentId: event.data.object.payment_intent as string };
    },
    async endedBody(session, outcome) {
      return JSON.stringify(fake.event(session.sessionId, outcome === 'failed' ? 'checkout.session.async_payment_failed' : 'checkout.session.expired'));
    },
    unrelatedBody: () => JSON.stringify({ id: 'evt_1Unrelated', object: 'event', type: 'customer.created', api_version: '2025-01-01', created: nowSeconds(), livemode: false, data: { object: { id: 'cus_1', object: 'customer' } } }),
    async sign(body, { secret = secrets.STRIPE_WEBHOOK_SECRET, timestamp = nowSeconds() } = {}) {
      // The SDK's own helper, so the signature is exactly what Stripe sends.
      const header = await Stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret, timestamp, cryptoProvider: Stripe.createSubtleCryptoProvider() });
      return new Headers({ 'Stripe-Signature': header });
    },
  };
}

let seq = 0;
function sessionInput(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  seq += 1;
  return {
    paymentId: `pay_contract${seq}${crypto.randomUUID().slice(0, 8)}`,
    orderId: `ord_contract${seq}`,
    organizationId: 'org_contract',
    amountMinor: 12_345,
    currency: 'ZAR',
    description: '2 tickets: Jazz on the Lawn',
    buyerEmail: 'buyer@example.com',
    successUrl: 'https://shop.example/orders/ord_1/thanks',
    cancelUrl: 'https://shop.example/orders/ord_1/cancelled',
    ...overrides,
  };
}

describe.each([
  { name: 'test', make: testHarness },
  { name: 'stripe', make: () => stripeHarness() },
])('PaymentProvider contract: $name', ({ name, make }) => {
  it('names itself', () => {
    expect(make().provider.name).toBe(name);
  });

  it('creates a session with an id and a redirect URL, sending the amount, currency and metadata to the provider', async () => {
    const h = make();
    const input = sessionInput();
    const session = await h.provider.createSession(input);
    expect(session.sessionId).toMatch(/^\S{16,}$/);
    expect(new URL(session.redirectUrl).protocol).toMatch(/^https?:$/);
    expect(session.redirectUrl).toContain(session.sessionId);
    expect(await h.received(session)).toEqual({
      amountMinor: 12_345,
      currency: 'ZAR',
      description: input.description,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      metadata: { orderId: input.orderId, organizationId: input.organizationId, paymentId: input.paymentId },
    });
  });

  it('parses a correctly signed payment webhook into payment.succeeded', async () => {
    const h = make();
    const input = sessionInput();
    const session = await h.provider.createSession(input);
    const { body, providerPaymentId } = await h.paidBody(session);
    const event = await h.provider.parseWebhook(body, await h.sign(body));
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'payment.succeeded',
      sessionId: session.sessionId,
      paymentId: providerPaymentId,
      amountMinor: 12_345,
      currency: 'ZAR',
      metadata: { orderId: input.orderId, organizationId: input.organizationId, paymentId: input.paymentId },
    });
    // A redelivery (same body, fresh signature) is the same event: the checkout dedupes on this id.
    const again = await h.provider.parseWebhook(body, await h.sign(body, { timestamp: nowSeconds() - 60 }));
    expect(again.id).toBe(event.id);
  });

  it.each(['failed', 'cancelled'] as const)('parses a signed payment.%s webhook with the session and metadata', async (outcome) => {
    const h = make();
    const input = sessionInput();
    const session = await h.provider.createSession(input);
    const body = await h.endedBody(session, outcome);
    expect(await h.provider.parseWebhook(body, await h.sign(body))).toEqual({
      id: expect.any(String),
      type: `payment.${outcome}`,
      sessionId: session.sessionId,
      metadata: { orderId: input.orderId, organizationId: input.organizationId, paymentId: input.paymentId },
    });
  });

  it('rejects a tampered body, a wrong secret, a missing header, a garbled header and an old timestamp', async () => {
    const h = make();
    const session = await h.provider.createSession(sessionInput());
    const { body } = await h.paidBody(session);
    const headers = await h.sign(body);
    const tampered = body.replace('12345', '1');
    expect(tampered).not.toBe(body);
    await expect(h.provider.parseWebhook(tampered, headers)).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(h.provider.parseWebhook(body, await h.sign(body, { secret: 'whsec_someone_elses_secret_0123456789' }))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(h.provider.parseWebhook(body, new Headers())).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(h.provider.parseWebhook(body, new Headers({ [h.signatureHeader]: 'garbage' }))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(h.provider.parseWebhook(body, await h.sign(body, { timestamp: nowSeconds() - 10 * 60 }))).rejects.toBeInstanceOf(WebhookSignatureError);
    // The error is an AppError: uncaught, it still answers 400 problem+json.
    const error = await h.provider.parseWebhook(tampered, headers).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'webhook_signature_invalid' });
  });

  it('acknowledges an unrelated event type as ignored', async () => {
    const h = make();
    const body = h.unrelatedBody();
    const event = await h.provider.parseWebhook(body, await h.sign(body));
    expect(event).toEqual({ id: JSON.parse(body).id, type: 'ignored', providerType: JSON.parse(body).type });
  });

  it('refunds with an id, and the same idempotency key returns the same refund', async () => {
    const h = make();
    const session = await h.provider.createSession(sessionInput());
    const { providerPaymentId } = await h.paidBody(session);
    const first = await h.provider.refund({ providerPaymentId, amountMinor: 5_000, currency: 'ZAR', idempotencyKey: 'refund-key-1' });
    expect(first).toEqual({ refundId: expect.stringMatching(/^re_/), status: 'succeeded' });
    const retry = await h.provider.refund({ providerPaymentId, amountMinor: 5_000, currency: 'ZAR', idempotencyKey: 'refund-key-1' });
    expect(retry.refundId).toBe(first.refundId);
    const other = await h.provider.refund({ providerPaymentId, amountMinor: 2_000, currency: 'ZAR', idempotencyKey: 'refund-key-2' });
    expect(other.refundId).not.toBe(first.refundId);
  });

  it('refuses to refund a payment it never took', async () => {
    const h = make();
    await expect(h.provider.refund({ providerPaymentId: 'nope', amountMinor: 100, currency: 'ZAR', idempotencyKey: 'k-nope' })).rejects.toBeInstanceOf(PaymentProviderError);
  });
});

describe('Stripe adapter specifics', () => {
  it('creates the Checkout Session exactly as specified, keyed by the payment id', async () => {
    const h = stripeHarness();
    const input = sessionInput({ currency: 'ZAR' });
    const session = await h.provider.createSession(input);
    expect(session.redirectUrl).toBe(`https://checkout.stripe.com/c/pay/${session.sessionId}`);
    const [request] = h.fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    expect(request!.headers.get('Idempotency-Key')).toBe(input.paymentId);
    expect(request!.form).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][currency]': 'zar',
      'line_items[0][price_data][unit_amount]': '12345',
      'line_items[0][price_data][product_data][name]': input.description,
      'line_items[0][quantity]': '1',
      customer_email: input.buyerEmail,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      client_reference_id: input.orderId,
      'metadata[orderId]': input.orderId,
      'metadata[organizationId]': input.organizationId,
      'metadata[paymentId]': input.paymentId,
      'payment_intent_data[metadata][orderId]': input.orderId,
      'payment_intent_data[metadata][organizationId]': input.organizationId,
      'payment_intent_data[metadata][paymentId]': input.paymentId,
    });
    // A retry of the same payment gets the same session back (Stripe's idempotency), not a second one.
    expect(await h.provider.createSession(input)).toEqual(session);
    expect(h.fake.sessions.size).toBe(1);
  });

  it('treats a completed but unpaid session (a delayed payment method) as ignored, and its later success as payment.succeeded', async () => {
    const h = stripeHarness();
    const input = sessionInput();
    const session = await h.provider.createSession(input);
    const unpaid = JSON.stringify(h.fake.event(session.sessionId, 'checkout.session.completed', { payment_status: 'unpaid' }));
    expect(await h.provider.parseWebhook(unpaid, await h.sign(unpaid))).toMatchObject({ type: 'ignored', providerType: 'checkout.session.completed:unpaid' });
    const paid = h.fake.event(session.sessionId, 'checkout.session.completed');
    const later = JSON.stringify({ ...paid, type: 'checkout.session.async_payment_succeeded' });
    expect(await h.provider.parseWebhook(later, await h.sign(later))).toMatchObject({ type: 'payment.succeeded', amountMinor: 12_345, metadata: { paymentId: input.paymentId } });
  });

  it('turns Stripe API errors into PaymentProviderError', async () => {
    const fake = new FakeStripeApi('sk_test_the_key_stripe_expects');
    const provider = new StripePaymentProvider({ secretKey: 'sk_test_a_wrong_key', webhookSecret: 'whsec_x', httpClient: fake.httpClient() });
    const error = await provider.createSession(sessionInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect(error).toMatchObject({ status: 502, code: 'payment_provider_error' });
    expect((error as Error).message).not.toContain('sk_test');
  });

  it('verifies webhooks without an API key, and refuses API calls without one', async () => {
    const provider = new StripePaymentProvider({ webhookSecret: secrets.STRIPE_WEBHOOK_SECRET });
    const body = stripeHarness().unrelatedBody();
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret: secrets.STRIPE_WEBHOOK_SECRET, cryptoProvider: Stripe.createSubtleCryptoProvider() });
    expect(await provider.parseWebhook(body, new Headers({ 'Stripe-Signature': header }))).toMatchObject({ type: 'ignored' });
    await expect(provider.createSession(sessionInput())).rejects.toBeInstanceOf(PaymentProviderNotConfiguredError);
  });
});

describe('paymentProvider()', () => {
  it('picks PAYMENT_PROVIDER by default, either adapter by name, and 404s an unknown one', () => {
    expect(env.PAYMENT_PROVIDER).toBe('test');
    expect(paymentProvider(env)).toBeInstanceOf(TestPaymentProvider);
    expect(paymentProvider({ ...env, PAYMENT_PROVIDER: 'stripe' })).toBeInstanceOf(StripePaymentProvider);
    expect(paymentProvider(env, 'stripe').name).toBe('stripe');
    expect(() => paymentProvider(env, 'paypal')).toThrow(NotFoundError);
  });

  it('keeps the test provider out of production and off without its secret', () => {
    expect(() => paymentProvider({ ...env, APP_ENV: 'production' }, 'test')).toThrow(PaymentProviderNotConfiguredError);
    expect(() => paymentProvider({ ...env, TEST_PROVIDER_WEBHOOK_SECRET: '' }, 'test')).toThrow(PaymentProviderNotConfiguredError);
  });

  it('refuses Stripe without its secrets', () => {
    expect(() => paymentProvider({ ...env, STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' } as Env, 'stripe')).toThrow(PaymentProviderNotConfiguredError);
  });
});
