/** Notification routes: an organization's email wording, and the dev mailbox (every message the mailbox provider kept). */
import { createRouter, idParam, json, jsonBody, OrgParams, pageOf, tenantRoute, z } from '../../platform/openapi';
import { developmentOnly } from '../../platform/app-env';
import { tenantContext } from '../../platform/tenant';
import { getMailboxMessage, listMailbox, listTemplates, mailboxAttachment, putTemplate, resetTemplate } from './manage';
import { MailboxMessageSchema, MailboxQuery, NotificationTemplateSchema, PutTemplateSchema, TemplateParams } from './schemas';

const tags = ['Notifications'];
/** The mailbox exists only on a development/test deployment (404 elsewhere) and needs `mailbox.read`. */
const DEV_MAILBOX = { before: [developmentOnly()] };
const TemplateRouteParams = OrgParams.merge(TemplateParams);
const MessageParams = OrgParams.extend({ messageId: idParam('mbx', 'Mailbox message id') });
const AttachmentParams = MessageParams.extend({ filename: z.string().min(1).max(200).openapi({ example: 'event.ics' }) });

export const notificationRoutes = createRouter()
  .openapi(
    tenantRoute('organization.read', {
      method: 'get',
      path: '/orgs/{orgId}/notification-templates',
      tags,
      summary: 'Every email template in every language: the organization’s wording where it has its own, else the default',
      request: { params: OrgParams },
      responses: { 200: json(z.object({ items: z.array(NotificationTemplateSchema) }), 'The templates') },
    }),
    async (c) => c.json({ items: await listTemplates(tenantContext(c)) }, 200),
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'put',
      path: '/orgs/{orgId}/notification-templates/{template}/{locale}',
      tags,
      summary: 'Use the organization’s own subject and text for one template in one language',
      request: { params: TemplateRouteParams, body: jsonBody(PutTemplateSchema) },
      responses: { 200: json(NotificationTemplateSchema, 'Saved') },
    }),
    async (c) => {
      const { template, locale } = c.req.valid('param');
      return c.json(await putTemplate(tenantContext(c), template, locale, c.req.valid('json')), 200);
    },
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'delete',
      path: '/orgs/{orgId}/notification-templates/{template}/{locale}',
      tags,
      summary: 'Go back to the default wording for one template in one language',
      request: { params: TemplateRouteParams },
      responses: { 200: json(NotificationTemplateSchema, 'The default, now in use') },
    }),
    async (c) => {
      const { template, locale } = c.req.valid('param');
      return c.json(await resetTemplate(tenantContext(c), template, locale), 200);
    },
  )
  .openapi(
    tenantRoute('mailbox.read', {
      method: 'get',
      path: '/orgs/{orgId}/mailbox',
      tags,
      summary: 'The dev mailbox: every email sent for this organization while EMAIL_PROVIDER is "mailbox", newest first',
      request: { params: OrgParams, query: MailboxQuery },
      responses: { 200: json(pageOf(MailboxMessageSchema), 'A page of messages') },
    }, DEV_MAILBOX),
    async (c) => c.json(await listMailbox(tenantContext(c), c.req.valid('query')), 200),
  )
  .openapi(
    tenantRoute('mailbox.read', {
      method: 'get',
      path: '/orgs/{orgId}/mailbox/{messageId}',
      tags,
      summary: 'One message of the dev mailbox',
      request: { params: MessageParams },
      responses: { 200: json(MailboxMessageSchema, 'The message') },
    }, DEV_MAILBOX),
    async (c) => c.json(await getMailboxMessage(tenantContext(c), c.req.valid('param').messageId), 200),
  )
  .openapi(
    tenantRoute('mailbox.read', {
      method: 'get',
      path: '/orgs/{orgId}/mailbox/{messageId}/attachments/{filename}',
      tags,
      summary: 'An attachment of a mailbox message (the tickets PDF, the calendar file)',
      request: { params: AttachmentParams },
      responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } } },
    }, DEV_MAILBOX),
    async (c) => {
      const { messageId, filename: wanted } = c.req.valid('param');
      const { object, filename, contentType } = await mailboxAttachment(tenantContext(c), messageId, wanted);
      return new Response(object.body, {
        status: 200,
        headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename.replace(/"/g, '')}"`, 'Cache-Control': 'private, no-store' },
      }) as never;
    },
  );
