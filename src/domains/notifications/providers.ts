/**
 * How email leaves, behind one port: the dev mailbox (every message kept in D1, attachments in R2,
 * readable through the API and the admin app) and Resend's HTTP API. `EMAIL_PROVIDER` chooses.
 * Both are idempotent per outbox row: the mailbox by a unique index, Resend by its Idempotency-Key.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { isDevelopmentLike } from '../../platform/app-env';
import { mailboxMessages } from '../../db/schema/messaging';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { ComposedEmail } from './compose';

export type OutgoingEmail = ComposedEmail & { notificationId: string; organizationId: string | null; from: string };
export type EmailProvider = { name: string; send(message: OutgoingEmail): Promise<{ providerMessageId: string }> };

export class EmailProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The dev mailbox: stores the message once (a redelivery finds it stored and answers the same id). */
export function mailboxProvider(db: Database, files: R2Bucket): EmailProvider {
  return {
    name: 'mailbox',
    async send(m) {
      const id = newId(ID_PREFIXES.mailboxMessage);
      const attachments = [];
      for (const [i, a] of m.attachments.entries()) {
        const key = `mailbox/${m.organizationId ?? 'platform'}/${m.notificationId}/${i}-${a.filename}`;
        await files.put(key, a.content, { httpMetadata: { contentType: a.contentType, contentDisposition: `attachment; filename="${a.filename}"` } });
        attachments.push({ filename: a.filename, contentType: a.contentType, size: a.content.byteLength, key });
      }
      await db
        .insert(mailboxMessages)
        .values({ id, organizationId: m.organizationId, notificationId: m.notificationId, recipient: m.to, sender: m.from, subject: m.subject, text: m.text, html: m.html, attachments, createdAt: new Date() })
        .onConflictDoNothing({ target: mailboxMessages.notificationId });
      const [stored] = await db.select({ id: mailboxMessages.id }).from(mailboxMessages).where(eqNotification(m.notificationId)).limit(1);
      return { providerMessageId: stored?.id ?? id };
    },
  };
}

const eqNotification = (notificationId: string) => eq(mailboxMessages.notificationId, notificationId);

const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export const RESEND_API = 'https://api.resend.com/emails';

/**
 * Resend (https://resend.com/docs/api-reference/emails/send-email): one POST per message with the
 * outbox id as Idempotency-Key, so a retried send never delivers twice. 429 and 5xx are retryable;
 * other 4xx are not (the message is wrong, not the moment).
 */
export function resendProvider(apiKey: string, fetcher: typeof fetch = fetch): EmailProvider {
  return {
    name: 'resend',
    async send(m) {
      const res = await fetcher(RESEND_API, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': m.notificationId },
        body: JSON.stringify({
          from: m.from,
          to: [m.to],
          subject: m.subject,
          text: m.text,
          html: m.html,
          attachments: m.attachments.map((a) => ({ filename: a.filename, content: toBase64(a.content), content_type: a.contentType })),
          tags: [{ name: 'notification', value: m.notificationId.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
      if (!res.ok) throw new EmailProviderError(`Resend answered ${res.status}: ${body.message ?? 'no message'}`, res.status === 429 || res.status >= 500);
      if (!body.id) throw new EmailProviderError('Resend answered without a message id', true);
      return { providerMessageId: body.id };
    },
  };
}

export function emailProvider(env: Cloudflare.Env, db: Database): EmailProvider {
  if (env.EMAIL_PROVIDER === 'resend') {
    const key = (env as { EMAIL_API_KEY?: string }).EMAIL_API_KEY;
    if (!key) throw new EmailProviderError('EMAIL_PROVIDER is resend but EMAIL_API_KEY is not set', false);
    return resendProvider(key);
  }
  // The mailbox only on an explicit development/test deployment: anywhere else mail waits (retryable) until
  // EMAIL_PROVIDER is fixed, and the configuration check refuses to serve meanwhile (src/platform/config.ts).
  if (env.EMAIL_PROVIDER === 'mailbox' && isDevelopmentLike(env)) return mailboxProvider(db, env.FILES);
  throw new EmailProviderError('No email provider: EMAIL_PROVIDER must be "resend" (or "mailbox" on a development/test deployment)', true);
}
