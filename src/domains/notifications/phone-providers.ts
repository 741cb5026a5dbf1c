/**
 * How SMS and WhatsApp messages leave, behind one port like email (providers.ts): the dev outbox (kept in D1,
 * readable through the API and the admin app; development/test only), Clickatell's Platform API for SMS and
 * Meta's WhatsApp Cloud API (approved templates) for WhatsApp. `SMS_PROVIDER` / `WHATSAPP_PROVIDER` choose.
 * 429 and 5xx (and WhatsApp's throughput codes) are retryable; any other refusal fails the message with the
 * provider's error kept. Credentials go in headers only and never into an error message or a log.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { phoneOutboxMessages, type PhoneChannel } from '../../db/schema/channels';
import { isDevelopmentLike } from '../../platform/app-env';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { PhoneTemplate, RenderedPhoneMessage } from './phone-templates';

export type OutgoingPhoneMessage = RenderedPhoneMessage & {
  notificationId: string;
  organizationId: string | null;
  channel: PhoneChannel;
  /** E.164. */
  to: string;
  template: PhoneTemplate;
  locale: string;
};
export type PhoneProvider = { name: string; send(message: OutgoingPhoneMessage): Promise<{ providerMessageId: string }> };

export class PhoneProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The dev outbox: stores the message once (a redelivery finds it stored and answers the same id). */
export function phoneOutboxProvider(db: Database): PhoneProvider {
  return {
    name: 'outbox',
    async send(m) {
      const id = newId(ID_PREFIXES.phoneOutboxMessage);
      await db
        .insert(phoneOutboxMessages)
        .values({ id, organizationId: m.organizationId, notificationId: m.notificationId, channel: m.channel, recipient: m.to, template: m.template, locale: m.locale, text: m.text, encoding: m.length.encoding, segments: m.length.segments, createdAt: new Date() })
        .onConflictDoNothing({ target: phoneOutboxMessages.notificationId });
      const [stored] = await db.select({ id: phoneOutboxMessages.id }).from(phoneOutboxMessages).where(eq(phoneOutboxMessages.notificationId, m.notificationId)).limit(1);
      return { providerMessageId: stored?.id ?? id };
    },
  };
}

export const CLICKATELL_API = 'https://platform.clickatell.com/messages';

type ClickatellAnswer = {
  messages?: { apiMessageId?: string | null; accepted?: boolean; to?: string; errorCode?: number | null; error?: string | null; errorDescription?: string | null }[];
  errorCode?: number | null;
  error?: string | null;
  errorDescription?: string | null;
};

/**
 * Clickatell's Platform REST API (South Africa): one POST per message, the API key as the Authorization header, the
 * number without its `+`. The outbox id goes along as `clientMessageId` so delivery reports and support requests name
 * our row; Clickatell does not deduplicate by it, so "once" rests on the consumer (a row is sent at most once unless
 * Clickatell's answer was lost, and then retrying is the lesser harm than a buyer without their link).
 */
export function clickatellProvider(apiKey: string, fetcher: typeof fetch = fetch): PhoneProvider {
  return {
    name: 'clickatell',
    async send(m) {
      const res = await fetcher(CLICKATELL_API, {
        method: 'POST',
        headers: { Authorization: apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ content: m.text, to: [m.to.replace(/^\+/, '')], clientMessageId: m.notificationId, ...(m.length.encoding === 'ucs2' ? { charset: 'UCS2-BE' } : {}) }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json().catch(() => ({}))) as ClickatellAnswer;
      const first = body.messages?.[0];
      const why = (e: { errorCode?: number | null; error?: string | null; errorDescription?: string | null } | undefined) =>
        e && (e.errorCode || e.error || e.errorDescription) ? `${e.errorCode ?? ''} ${e.error ?? ''}${e.errorDescription ? `: ${e.errorDescription}` : ''}`.trim() : 'no error given';
      if (!res.ok) throw new PhoneProviderError(`Clickatell answered ${res.status}: ${why(body.errorCode || body.error ? body : first)}`, res.status === 429 || res.status >= 500);
      if (!first?.accepted || !first.apiMessageId) throw new PhoneProviderError(`Clickatell did not accept the message: ${why(first ?? body)}`, false);
      return { providerMessageId: first.apiMessageId };
    },
  };
}

export const WHATSAPP_API = 'https://graph.facebook.com';

/** Cloud API error codes that mean "not now" rather than "not this": throughput, pair and spam rate limits, service trouble. */
const WHATSAPP_RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004]);

type GraphAnswer = { messages?: { id?: string }[]; error?: { message?: string; type?: string; code?: number; error_data?: { details?: string }; fbtrace_id?: string } };

/**
 * WhatsApp Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates): a
 * business may open a conversation only with a template Meta approved, so every message is `type: template`
 * named `voelgoed_<template>` in the buyer's language (`en`, `af`) with the body parameters in order.
 * `biz_opaque_callback_data` carries the outbox id back in status webhooks; the Cloud API has no idempotency key.
 */
export function whatsappCloudProvider(config: { accessToken: string; phoneNumberId: string; version: string }, fetcher: typeof fetch = fetch): PhoneProvider {
  const url = `${WHATSAPP_API}/${config.version}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  return {
    name: 'whatsapp_cloud',
    async send(m) {
      const res = await fetcher(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${config.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: m.to.replace(/^\+/, ''),
          type: 'template',
          template: {
            name: `voelgoed_${m.template}`,
            language: { policy: 'deterministic', code: m.locale },
            components: [{ type: 'body', parameters: m.params.map((text) => ({ type: 'text', text })) }],
          },
          biz_opaque_callback_data: m.notificationId,
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json().catch(() => ({}))) as GraphAnswer;
      if (!res.ok) {
        const e = body.error;
        const retryable = res.status === 429 || res.status >= 500 || (e?.code !== undefined && WHATSAPP_RETRYABLE_CODES.has(e.code));
        throw new PhoneProviderError(`WhatsApp answered ${res.status}: ${e ? `(#${e.code ?? '?'}) ${e.message ?? ''}${e.error_data?.details ? ` — ${e.error_data.details}` : ''}${e.fbtrace_id ? ` [fbtrace ${e.fbtrace_id}]` : ''}` : 'no error given'}`, retryable);
      }
      const id = body.messages?.[0]?.id;
      if (!id) throw new PhoneProviderError('WhatsApp answered without a message id', true);
      return { providerMessageId: id };
    },
  };
}

const envStr = (env: Cloudflare.Env, name: string): string | undefined => {
  const v = (env as unknown as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The configured provider's name for a channel: "none" (or unset) means the channel is off. */
export function phoneProviderName(env: Cloudflare.Env, channel: PhoneChannel): string {
  return envStr(env, channel === 'sms' ? 'SMS_PROVIDER' : 'WHATSAPP_PROVIDER') ?? 'none';
}

/** Whether buyers may choose this channel: a real provider, or the outbox on a development/test deployment. */
export function channelAvailable(env: Cloudflare.Env, channel: PhoneChannel): boolean {
  const name = phoneProviderName(env, channel);
  if (name === 'outbox') return isDevelopmentLike(env);
  return channel === 'sms' ? name === 'clickatell' : name === 'cloud_api';
}

export function phoneProvider(env: Cloudflare.Env, db: Database, channel: PhoneChannel): PhoneProvider {
  const name = phoneProviderName(env, channel);
  // The outbox only on an explicit development/test deployment: anywhere else messages wait (retryable) until the
  // provider is fixed, and the configuration check refuses to serve meanwhile (src/platform/config.ts).
  if (name === 'outbox') {
    if (isDevelopmentLike(env)) return phoneOutboxProvider(db);
    throw new PhoneProviderError(`${channel.toUpperCase()} outbox refused: development/test only`, true);
  }
  if (channel === 'sms' && name === 'clickatell') {
    const key = envStr(env, 'SMS_API_KEY');
    if (!key) throw new PhoneProviderError('SMS_PROVIDER is clickatell but SMS_API_KEY is not set', true);
    return clickatellProvider(key);
  }
  if (channel === 'whatsapp' && name === 'cloud_api') {
    const accessToken = envStr(env, 'WHATSAPP_ACCESS_TOKEN');
    const phoneNumberId = envStr(env, 'WHATSAPP_PHONE_NUMBER_ID');
    if (!accessToken || !phoneNumberId) throw new PhoneProviderError('WHATSAPP_PROVIDER is cloud_api but WHATSAPP_ACCESS_TOKEN or WHATSAPP_PHONE_NUMBER_ID is not set', true);
    return whatsappCloudProvider({ accessToken, phoneNumberId, version: envStr(env, 'WHATSAPP_API_VERSION') ?? 'v21.0' });
  }
  throw new PhoneProviderError(`No ${channel} provider: the channel is off (${channel === 'sms' ? 'SMS_PROVIDER' : 'WHATSAPP_PROVIDER'}=${name})`, false);
}
