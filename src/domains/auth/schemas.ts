/** Sign-up, login, session and password shapes. */
import { z } from '../../platform/openapi';
import { CurrencySchema, EmailSchema, IsoDateTime, LocaleSchema, PasswordSchema, PersonNameSchema, RoleSchema, TimezoneSchema } from '../shared-schemas';
import { OrganizationNameSchema } from '../organizations/schemas';

export const SignupSchema = z
  .object({
    email: EmailSchema,
    password: PasswordSchema,
    name: PersonNameSchema,
    organizationName: OrganizationNameSchema,
    currency: CurrencySchema.default('ZAR'),
    timezone: TimezoneSchema.default('Africa/Johannesburg'),
    locale: LocaleSchema.default('en'),
  })
  .strict()
  .openapi('Signup', {
    example: { email: 'thandi@example.com', password: 'correct-horse-battery', name: 'Thandi Nkosi', organizationName: 'Kaapstad Konserte' },
  });
export type Signup = z.infer<typeof SignupSchema>;

export const LoginSchema = z
  .object({
    email: EmailSchema,
    password: z.string().min(1, 'Required').max(200),
    organizationId: z.string().max(64).optional().openapi({ description: 'Open this organization first (must be a member)' }),
  })
  .strict()
  .openapi('Login', { example: { email: 'thandi@example.com', password: 'correct-horse-battery' } });
export type Login = z.infer<typeof LoginSchema>;

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isPlatformAdmin: z.boolean(),
    isPlatformStaff: z.boolean(),
    emailVerified: z.boolean(),
    createdAt: IsoDateTime,
  })
  .openapi('User');

export const MembershipSummarySchema = z
  .object({ id: z.string(), organizationId: z.string(), organizationName: z.string(), organizationSlug: z.string(), role: RoleSchema })
  .openapi('MembershipSummary');

export const MeSchema = z
  .object({
    user: UserSchema,
    memberships: z.array(MembershipSummarySchema),
    currentOrganizationId: z.string().nullable(),
  })
  .openapi('Me');

export const SessionSchema = MeSchema.extend({
  token: z.string().openapi({ description: 'Send as `Authorization: Bearer …` (also set as the HttpOnly session cookie)' }),
  csrfToken: z.string().openapi({ description: 'Echo as `X-CSRF-Token` on cookie-authenticated changes' }),
  expiresAt: IsoDateTime,
}).openapi('Session');

export const SwitchOrganizationSchema = z
  .object({ organizationId: z.string().min(1).max(64) })
  .strict()
  .openapi('SwitchOrganization', { example: { organizationId: 'org_01jx0000000000000000000000' } });

export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Required').max(200), newPassword: PasswordSchema })
  .strict()
  .openapi('ChangePassword', { example: { currentPassword: 'correct-horse-battery', newPassword: 'staple-battery-horse' } });

export const ForgotPasswordSchema = z.object({ email: EmailSchema }).strict().openapi('ForgotPassword', { example: { email: 'thandi@example.com' } });

export const ResetPasswordSchema = z
  .object({ token: z.string().min(16).max(128), password: PasswordSchema })
  .strict()
  .openapi('ResetPassword', { example: { token: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ', password: 'staple-battery-horse' } });

export const VerifyEmailSchema = z
  .object({ token: z.string().min(16).max(128) })
  .strict()
  .openapi('VerifyEmail', { example: { token: 'v3r1fyQm2w9Zb7hP3kTq1vN8cLd6fYs4a' } });
