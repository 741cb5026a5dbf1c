/** The errors a payment adapter throws; all are AppErrors, so an uncaught one still becomes a clear problem+json. */
import { AppError } from '../../platform/errors';

/**
 * The webhook's signature is missing, malformed, made with another secret, for another body, or too old.
 * Answer 400 and do nothing else: the sender is not the provider (or the request was replayed).
 */
export class WebhookSignatureError extends AppError {
  constructor(detail = 'The webhook signature is missing or invalid.') {
    super(400, 'webhook_signature_invalid', 'Invalid webhook signature', detail);
  }
}

/** Correctly signed, but not a payload the adapter understands (a provider-side change, or a bug in the test provider). */
export class WebhookPayloadError extends AppError {
  constructor(detail: string) {
    super(400, 'webhook_payload_invalid', 'Invalid webhook payload', detail);
  }
}

/** The provider refused or failed a call (session creation, refund), or could not be reached. */
export class PaymentProviderError extends AppError {
  constructor(
    detail: string,
    readonly providerCode?: string,
  ) {
    super(502, 'payment_provider_error', 'Payment provider error', detail);
  }
}

/** The provider asked for is not configured here (a missing secret, or the test provider in production). */
export class PaymentProviderNotConfiguredError extends AppError {
  constructor(detail: string) {
    super(503, 'payment_provider_not_configured', 'Payment provider not configured', detail);
  }
}
