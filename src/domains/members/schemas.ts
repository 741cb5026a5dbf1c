/** Team members and invitations, in and out. */
import { z } from '../../platform/openapi';
import { EmailSchema, IsoDateTime, PasswordSchema, PersonNameSchema, RoleSchema } from '../shared-schemas';
import { INVITATION_STATUSES } from '../../db/schema/tenancy';

export const MemberSchema = z
  .object({
    id: z.string().openapi({ description: 'Membership id' }),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    createdAt: IsoDateTime,
  })
  .openapi('Member');
export type Member = z.infer<typeof MemberSchema>;

export const UpdateMemberSchema = z.object({ role: RoleSchema }).strict().openapi('UpdateMember', { example: { role: 'admin' } });

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(INVITATION_STATUSES),
    invitedByUserId: z.string(),
    expiresAt: IsoDateTime,
    createdAt: IsoDateTime,
  })
  .openapi('Invitation');
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreateInvitationSchema = z
  .object({ email: EmailSchema, role: RoleSchema })
  .strict()
  .openapi('CreateInvitation', { example: { email: 'sipho@example.com', role: 'staff' } });
export type CreateInvitation = z.infer<typeof CreateInvitationSchema>;

export const InvitationTokenSchema = z
  .object({ token: z.string().min(16).max(128) })
  .strict()
  .openapi('InvitationToken', { example: { token: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' } });

export const AcceptInvitationSchema = z
  .object({
    token: z.string().min(16).max(128),
    name: PersonNameSchema.optional(),
    password: PasswordSchema.optional(),
  })
  .strict()
  .openapi('AcceptInvitation', {
    description: 'Signed in as the invited email: send only the token. New to Voelgoed: also send a name and password.',
    example: { token: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ', name: 'Sipho Dlamini', password: 'correct-horse-battery' },
  });
export type AcceptInvitation = z.infer<typeof AcceptInvitationSchema>;

export const InvitationPreviewSchema = z
  .object({
    organizationName: z.string(),
    email: z.string(),
    role: RoleSchema,
    expiresAt: IsoDateTime,
    accountExists: z.boolean().openapi({ description: 'True when the invited email already has a login: sign in, then accept' }),
  })
  .openapi('InvitationPreview');
