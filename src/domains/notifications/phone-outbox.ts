/** Reading the dev phone outbox: what the `outbox` SMS/WhatsApp providers kept for an organization, newest first. */
import { and, eq } from 'drizzle-orm';
import { phoneOutboxMessages } from '../../db/schema/channels';
import type { TenantContext } from '../../platform/context';
import { newestFirstPage } from '../../db/keyset';
import { redactTokens } from './manage';

export type PhoneOutboxQuery = { limit: number; cursor?: string; to?: string; channel?: 'sms' | 'whatsapp' };

/** Live tokens in query/fragment links (a waiting-list claim link) are redacted for every reader but a platform admin, as in the mailbox. */
export async function listPhoneOutbox(ctx: TenantContext, input: PhoneOutboxQuery) {
  const reveal = ctx.actor.type === 'user' && ctx.actor.isPlatformAdmin;
  const page = await newestFirstPage(phoneOutboxMessages.id, input, (k) =>
    ctx.db
      .select()
      .from(phoneOutboxMessages)
      .where(
        and(
          eq(phoneOutboxMessages.organizationId, ctx.organizationId),
          input.to ? eq(phoneOutboxMessages.recipient, input.to) : undefined,
          input.channel ? eq(phoneOutboxMessages.channel, input.channel) : undefined,
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return {
    items: page.items.map((r) => {
      const text = reveal ? r.text : redactTokens(r.text);
      return { id: r.id, notificationId: r.notificationId, channel: r.channel, recipient: r.recipient, template: r.template, locale: r.locale, text, redacted: text !== r.text, encoding: r.encoding, segments: r.segments, createdAt: r.createdAt.toISOString() };
    }),
    nextCursor: page.nextCursor,
  };
}
