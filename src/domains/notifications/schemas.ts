/** Shapes of the notification routes: template overrides and the dev mailbox. */
import { LOCALES } from '../../db/schema/tenancy';
import { z } from '../../platform/openapi';
import { IsoDateTime, safeText } from '../shared-schemas';
import { EMAIL_TEMPLATES } from './templates';

export const TemplateParams = z.object({
  template: z.enum(EMAIL_TEMPLATES).openapi({ example: 'order_confirmation' }),
  locale: z.enum(LOCALES).openapi({ example: 'af' }),
});

export const NotificationTemplateSchema = z
  .object({
    template: z.enum(EMAIL_TEMPLATES),
    locale: z.enum(LOCALES),
    subject: z.string(),
    body: z.string(),
    placeholders: z.array(z.string()).openapi({ description: 'What {{…}} may name in this template' }),
    overridden: z.boolean().openapi({ description: "false: the platform's default wording" }),
    updatedAt: IsoDateTime.nullable(),
  })
  .openapi('NotificationTemplate');

export const PutTemplateSchema = z
  .object({
    subject: safeText(z.string().trim().min(1, 'Required').max(200)),
    body: safeText(z.string().trim().min(1, 'Required').max(20_000), { multiline: true }),
  })
  .strict()
  .openapi('PutNotificationTemplate', {
    example: { subject: 'Julle kaartjies vir {{eventName}}', body: 'Hallo {{buyerName}},\n\nSien julle by {{venueName}} op {{eventDate}}!\n\n{{orderUrl}}' },
  });
export type PutTemplate = z.infer<typeof PutTemplateSchema>;

export const MailboxMessageSchema = z
  .object({
    id: z.string(),
    notificationId: z.string(),
    recipient: z.string(),
    from: z.string().openapi({ description: 'The From header it was sent with', example: 'Voelgoed Events <tickets@voelgoed.events>' }),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    redacted: z.boolean().openapi({ description: 'Live tokens (invitation, password-reset links) were replaced: they are for the recipient only. Platform admins see them.' }),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })).openapi({ description: 'Download each at …/attachments/{filename}' }),
    createdAt: IsoDateTime,
  })
  .openapi('MailboxMessage');

export const MailboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
  to: z.string().max(320).optional().openapi({ description: 'Only messages to this address' }),
});
