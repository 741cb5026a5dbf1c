/** Team members and invitations within an organization, plus the public accept/preview of an invitation. */
import { createRouter, idParam, json, jsonBody, mintsSecret, OrgParams, pageOf, PageQuery, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { sessionCookies } from '../../platform/session';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { getMe } from '../auth/me';
import { SessionSchema } from '../auth/schemas';
import { acceptInvitation, createInvitation, getInvitation, listInvitations, previewInvitation, resendInvitation, revokeInvitation } from './invitations';
import { getMember, leaveOrganization, listMembers, removeMember, updateMemberRole } from './members';
import {
  AcceptInvitationSchema,
  CreateInvitationSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenSchema,
  MemberSchema,
  UpdateMemberSchema,
} from './schemas';

const MemberParams = OrgParams.extend({ membershipId: idParam('mem', 'Membership id') });
const InvitationParams = OrgParams.extend({ invitationId: idParam('inv', 'Invitation id') });
const tags = ['Members'];

export const memberRoutes = createRouter()
  .openapi(
    tenantRoute('members.read', {
      method: 'get',
      path: '/orgs/{orgId}/members',
      tags,
      summary: 'List members and their roles',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(MemberSchema), 'A page of members') },
    }),
    async (c) => c.json(await listMembers({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('members.read', {
      method: 'get',
      path: '/orgs/{orgId}/members/{membershipId}',
      tags,
      summary: 'One member',
      request: { params: MemberParams },
      responses: { 200: json(MemberSchema, 'The member') },
    }),
    async (c) => c.json(await getMember(tenantContext(c), c.req.valid('param').membershipId), 200),
  )
  .openapi(
    tenantRoute('members.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/members/{membershipId}',
      tags,
      summary: "Change a member's role",
      description: 'Only owners grant or take away the owner role; the last owner cannot be demoted.',
      request: { params: MemberParams, body: jsonBody(UpdateMemberSchema) },
      responses: { 200: json(MemberSchema, 'Updated'), 409: json(z.any(), 'Would leave no owner') },
    }),
    async (c) =>
      c.json(await updateMemberRole({ ctx: tenantContext(c), membershipId: c.req.valid('param').membershipId, role: c.req.valid('json').role }), 200),
  )
  .openapi(
    tenantRoute('members.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/members/{membershipId}',
      tags,
      summary: 'Remove a member',
      request: { params: MemberParams },
      responses: { 204: { description: 'Removed' }, 409: json(z.any(), 'Would leave no owner') },
    }),
    async (c) => {
      await removeMember({ ctx: tenantContext(c), membershipId: c.req.valid('param').membershipId });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('organization.read', {
      method: 'post',
      path: '/orgs/{orgId}/leave',
      tags,
      summary: 'Leave the organization yourself',
      request: { params: OrgParams },
      responses: { 204: { description: 'Left' }, 409: json(z.any(), 'You are the last owner') },
    }),
    async (c) => {
      await leaveOrganization({ ctx: tenantContext(c) });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('invitations.manage', {
      method: 'get',
      path: '/orgs/{orgId}/invitations',
      tags,
      summary: 'List invitations',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(InvitationSchema), 'A page of invitations') },
    }),
    async (c) => c.json(await listInvitations({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('invitations.manage', {
      method: 'post',
      path: '/orgs/{orgId}/invitations',
      tags,
      summary: 'Invite someone by email with a role',
      request: { params: OrgParams, body: jsonBody(CreateInvitationSchema) },
      responses: { 201: json(InvitationSchema, 'Invited; the email is queued'), 409: json(z.any(), 'Already a member or already invited') },
    }),
    async (c) => c.json(await createInvitation({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('invitations.manage', {
      method: 'get',
      path: '/orgs/{orgId}/invitations/{invitationId}',
      tags,
      summary: 'One invitation',
      request: { params: InvitationParams },
      responses: { 200: json(InvitationSchema, 'The invitation') },
    }),
    async (c) => c.json(await getInvitation(tenantContext(c), c.req.valid('param').invitationId), 200),
  )
  .openapi(
    tenantRoute('invitations.manage', {
      method: 'post',
      path: '/orgs/{orgId}/invitations/{invitationId}/resend',
      tags,
      summary: 'Send the invitation again with a fresh link',
      request: { params: InvitationParams },
      responses: { 200: json(InvitationSchema, 'Resent'), 409: json(z.any(), 'Not pending') },
    }),
    async (c) => c.json(await resendInvitation({ ctx: tenantContext(c), invitationId: c.req.valid('param').invitationId }), 200),
  )
  .openapi(
    tenantRoute('invitations.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/invitations/{invitationId}',
      tags,
      summary: 'Revoke an invitation (the link stops working)',
      request: { params: InvitationParams },
      responses: { 200: json(InvitationSchema, 'Revoked'), 409: json(z.any(), 'Already accepted') },
    }),
    async (c) => c.json(await revokeInvitation({ ctx: tenantContext(c), invitationId: c.req.valid('param').invitationId }), 200),
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/invitations/preview',
      tags,
      summary: 'What an invitation token is for (organization, email, role)',
      request: { body: jsonBody(InvitationTokenSchema) },
      responses: { 200: json(InvitationPreviewSchema, 'The invitation'), 404: json(z.any(), 'Unknown, used, revoked or expired') },
    }),
    async (c) => c.json(await previewInvitation({ ctx: serviceContext(c), token: c.req.valid('json').token }), 200),
  )
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/invitations/accept',
      tags,
      summary: 'Accept an invitation',
      description: 'Signed in as the invited email: joins the organization. No account yet: send name and password to create one (and get a session).',
      request: { body: jsonBody(AcceptInvitationSchema) },
      responses: {
        200: json(SessionSchema.partial({ token: true, csrfToken: true, expiresAt: true }), 'Joined'),
        401: json(z.any(), 'The email has an account: sign in first'),
        404: json(z.any(), 'Unknown, used, revoked or expired'),
      },
    })),
    async (c) => {
      const ctx = serviceContext(c);
      const result = await acceptInvitation({ ctx, input: c.req.valid('json'), principal: c.var.principal });
      if (result.session) {
        for (const cookie of sessionCookies(ctx.env, result.session)) c.header('Set-Cookie', cookie, { append: true });
        const me = await getMe(ctx.db, result.userId, result.session.sessionId);
        return c.json({ ...me, token: result.session.token, csrfToken: result.session.csrfToken, expiresAt: result.session.expiresAt.toISOString() }, 200);
      }
      const principal = c.var.principal;
      return c.json(await getMe(ctx.db, result.userId, principal?.type === 'user' ? principal.sessionId : ''), 200);
    },
  );
