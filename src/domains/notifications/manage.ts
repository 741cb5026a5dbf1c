/** An organization's email wording (overrides of the defaults) and its dev mailbox. */
import { tagFailure } from '../../platform/transient-errors';
import { and, eq } from 'drizzle-orm';
import { writeBatch, type Database } from '../../db/client';
import { mailboxMessages, notificationTemplates } from '../../db/schema/messaging';
import { LOCALES, type Locale } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import type { PutTemplate } from './schemas';
import { DEFAULT_TEMPLATES, EMAIL_TEMPLATES, TEMPLATE_PLACEHOLDERS, unknownPlaceholders, type EmailTemplate } from './templates';
import { assertEmailVerified } from '../auth/verify-email';

export async function listTemplates(ctx: TenantContext) {
  const own = await ctx.db.select().from(notificationTemplates).where(eq(notificationTemplates.organizationId, ctx.organizationId));
  const byKey = new Map(own.map((r) => [`${r.template}/${r.locale}`, r]));
  return EMAIL_TEMPLATES.flatMap((template) =>
    LOCALES.map((locale) => {
      const o = byKey.get(`${template}/${locale}`);
      const d = DEFAULT_TEMPLATES[template][locale];
      return { template, locale, subject: o?.subject ?? d.subject, body: o?.body ?? d.body, placeholders: [...TEMPLATE_PLACEHOLDERS[template]], overridden: !!o, updatedAt: o ? o.updatedAt.toISOString() : null };
    }),
  );
}

/** Sets the organization's wording for one template and locale; unknown {{placeholders}} are refused. */
export async function putTemplate(ctx: TenantContext, template: EmailTemplate, locale: Locale, input: PutTemplate) {
  // Own wording mailed in the organization's name: only from a verified account.
  await assertEmailVerified(ctx);
  const errors = [
    ...unknownPlaceholders(template, input.subject).map((p) => ({ path: 'body.subject', message: `Unknown placeholder {{${p}}}; use one of: ${TEMPLATE_PLACEHOLDERS[template].join(', ')}` })),
    ...unknownPlaceholders(template, input.body).map((p) => ({ path: 'body.body', message: `Unknown placeholder {{${p}}}; use one of: ${TEMPLATE_PLACEHOLDERS[template].join(', ')}` })),
  ];
  if (errors.length) throw new ValidationError(errors, 'The template names placeholders it does not have.');
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .insert(notificationTemplates)
      .values({ id: newId(ID_PREFIXES.notificationTemplate), organizationId: ctx.organizationId, template, locale, subject: input.subject, body: input.body, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [notificationTemplates.organizationId, notificationTemplates.template, notificationTemplates.locale], set: { subject: input.subject, body: input.body, updatedAt: now } }),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'notification_template.updated', resourceType: 'notification_template', resourceId: `${template}/${locale}`, changes: { subject: input.subject } }),
  ]);
  return (await listTemplates(ctx)).find((t) => t.template === template && t.locale === locale)!;
}

/** Back to the default wording. */
export async function resetTemplate(ctx: TenantContext, template: EmailTemplate, locale: Locale) {
  const where = and(eq(notificationTemplates.organizationId, ctx.organizationId), eq(notificationTemplates.template, template), eq(notificationTemplates.locale, locale));
  const [own] = await ctx.db.select({ id: notificationTemplates.id }).from(notificationTemplates).where(where).limit(1);
  if (own) {
    await writeBatch(ctx.db, [
      ctx.db.delete(notificationTemplates).where(where),
      auditEntry(ctx, { organizationId: ctx.organizationId, action: 'notification_template.reset', resourceType: 'notification_template', resourceId: `${template}/${locale}` }),
    ]);
  }
  return (await listTemplates(ctx)).find((t) => t.template === template && t.locale === locale)!;
}

/**
 * Live tokens in mail (invitation, password reset, a scheduled report's signed unsubscribe link, any other `#token=`,
 * `?token=` or `?signature=` link) are for their recipient
 * only: whoever else reads the dev mailbox sees them replaced. Only a platform admin sees them (the mailbox itself
 * exists only on development/test deployments), e.g. to accept an invitation by hand while developing.
 */
export const REDACTED_TOKEN = '[redacted: sent to the recipient only]';
const TOKEN_IN_LINK = /([#?&](?:token|code|key|signature)=)[^\s"'<>&#]+/gi;

export function redactTokens(text: string): string {
  return text.replace(TOKEN_IN_LINK, (_match, prefix: string) => `${prefix}${REDACTED_TOKEN}`);
}

const toMessage = (r: typeof mailboxMessages.$inferSelect, reveal: boolean) => {
  const subject = reveal ? r.subject : redactTokens(r.subject);
  const text = reveal ? r.text : redactTokens(r.text);
  const html = reveal ? r.html : redactTokens(r.html);
  return {
    id: r.id,
    notificationId: r.notificationId,
    recipient: r.recipient,
    from: r.sender,
    subject,
    text,
    html,
    redacted: subject !== r.subject || text !== r.text || html !== r.html,
    attachments: r.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    createdAt: r.createdAt.toISOString(),
  };
};

/** Whether this reader may see live tokens in stored mail: a platform admin only. */
const revealsTokens = (reader: { type: string; isPlatformAdmin: boolean }) => reader.type === 'user' && reader.isPlatformAdmin;

type MailboxQuery = { limit: number; cursor?: string; to?: string };

/** One organization's messages, or (organizationId null, platform operators) every stored message. */
async function mailboxPage(db: Database, organizationId: string | null, input: MailboxQuery, reveal: boolean) {
  const page = await newestFirstPage(mailboxMessages.id, input, (k) =>
    db
      .select()
      .from(mailboxMessages)
      .where(
        and(
          organizationId ? eq(mailboxMessages.organizationId, organizationId) : undefined,
          input.to ? eq(mailboxMessages.recipient, input.to.toLowerCase()) : undefined,
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map((r) => toMessage(r, reveal)), nextCursor: page.nextCursor };
}

export const listMailbox = (ctx: TenantContext, input: MailboxQuery) => mailboxPage(ctx.db, ctx.organizationId, input, revealsTokens(ctx.actor));

/** Platform operators: every stored message, with or without an organization (tokens shown to platform admins only). */
export const listPlatformMailbox = (db: Database, input: MailboxQuery, reader: { type: string; isPlatformAdmin: boolean }) => mailboxPage(db, null, input, revealsTokens(reader));

async function mailboxRow(ctx: TenantContext, messageId: string) {
  const [row] = await ctx.db
    .select()
    .from(mailboxMessages)
    .where(and(eq(mailboxMessages.organizationId, ctx.organizationId), eq(mailboxMessages.id, messageId)))
    .limit(1);
  if (!row) throw new NotFoundError('Message');
  return row;
}

export async function getMailboxMessage(ctx: TenantContext, messageId: string) {
  return toMessage(await mailboxRow(ctx, messageId), revealsTokens(ctx.actor));
}

export async function mailboxAttachment(ctx: TenantContext, messageId: string, filename: string) {
  const row = await mailboxRow(ctx, messageId);
  const a = row.attachments.find((x) => x.filename === filename);
  if (!a) throw new NotFoundError('Attachment');
  const object = await tagFailure('storage', () => ctx.env.FILES.get(a.key));
  if (!object) throw new NotFoundError('Attachment');
  return { object, filename: a.filename, contentType: a.contentType };
}
