/** Sign-up, login, logout, the current user, organization switching and passwords. */
import type { Context } from 'hono';
import { createRouter, json, jsonBody, mintsSecret, publicRoute, userRoute, z } from '../../platform/openapi';
import { userPrincipal } from '../../platform/auth';
import { clearedSessionCookies, sessionCookies, type IssuedSession } from '../../platform/session';
import { serviceContext } from '../../platform/tenant';
import { login, logout, switchOrganization } from './login';
import { getMe } from './me';
import { changePassword, requestPasswordReset, resetPassword } from './password';
import {
  ChangePasswordSchema,
  ForgotPasswordSchema,
  LoginSchema,
  MeSchema,
  ResetPasswordSchema,
  SessionSchema,
  SignupSchema,
  SwitchOrganizationSchema,
  VerifyEmailSchema,
} from './schemas';
import { signup } from './signup';
import { resendVerification, verifyEmail } from './verify-email';
import { readAfterCommit } from '../../platform/transient-errors';

const tags = ['Auth'];

async function sessionBody(c: Context, userId: string, session: IssuedSession) {
  for (const cookie of sessionCookies(c.env, session)) c.header('Set-Cookie', cookie, { append: true });
  // The account or session is committed by now: a busy D1 must not make the answer a 503 whose retry says "taken".
  const me = await readAfterCommit(() => getMe(c.var.db, userId, session.sessionId));
  return { ...me, token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

export const authRoutes = createRouter()
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/auth/signup',
      tags,
      summary: 'Create an account and an organization you own',
      request: { body: jsonBody(SignupSchema) },
      responses: { 201: json(SessionSchema, 'Signed up and signed in'), 409: json(z.any(), 'Email already has an account') },
    })),
    async (c) => {
      const { userId, session } = await signup({ ctx: serviceContext(c), input: c.req.valid('json') });
      return c.json(await sessionBody(c, userId, session), 201);
    },
  )
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/auth/login',
      tags,
      summary: 'Sign in with email and password',
      description:
        'Repeated failures lock the account for the failing address (and that address) for a growing delay: 429 `login_throttled` with ' +
        'Retry-After. An address that has not failed is never refused the right password. Fails closed (503) if the limiter is down; see docs/rate-limits.md.',
      request: { body: jsonBody(LoginSchema) },
      responses: { 200: json(SessionSchema, 'Signed in'), 401: json(z.any(), 'Wrong email or password') },
    })),
    async (c) => {
      const { user, session } = await login({ ctx: serviceContext(c), input: c.req.valid('json') });
      return c.json(await sessionBody(c, user.id, session), 200);
    },
  )
  .openapi(
    userRoute({
      method: 'post',
      path: '/auth/logout',
      tags,
      summary: 'End this session',
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      const p = userPrincipal(c);
      await logout({ ctx: serviceContext(c), userId: p.userId, sessionId: p.sessionId });
      for (const cookie of clearedSessionCookies()) c.header('Set-Cookie', cookie, { append: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    userRoute({ method: 'get', path: '/me', tags, summary: 'The signed-in user and their organizations', responses: { 200: json(MeSchema, 'You') } }),
    async (c) => {
      const p = userPrincipal(c);
      return c.json(await getMe(c.var.db, p.userId, p.sessionId), 200);
    },
  )
  .openapi(
    userRoute({
      method: 'post',
      path: '/me/organization',
      tags,
      summary: 'Switch the organization this session opens',
      request: { body: jsonBody(SwitchOrganizationSchema) },
      responses: { 200: json(MeSchema, 'Switched') },
    }),
    async (c) => {
      const p = userPrincipal(c);
      const { organizationId } = c.req.valid('json');
      await switchOrganization({ ctx: serviceContext(c), userId: p.userId, sessionId: p.sessionId, organizationId, isPlatformAdmin: p.isPlatformAdmin });
      return c.json(await getMe(c.var.db, p.userId, p.sessionId), 200);
    },
  )
  .openapi(
    userRoute({
      method: 'post',
      path: '/me/password',
      tags,
      summary: 'Change your password (other sessions end)',
      request: { body: jsonBody(ChangePasswordSchema) },
      responses: { 204: { description: 'Changed' } },
    }),
    async (c) => {
      const p = userPrincipal(c);
      await changePassword({ ctx: serviceContext(c), userId: p.userId, sessionId: p.sessionId, input: c.req.valid('json') });
      return c.body(null, 204);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/verify-email',
      tags,
      summary: 'Verify your email address with the token from the emailed link',
      request: { body: jsonBody(VerifyEmailSchema) },
      responses: { 204: { description: 'Verified' }, 404: json(z.any(), 'Token unknown, used or expired') },
    }),
    async (c) => {
      await verifyEmail({ ctx: serviceContext(c), token: c.req.valid('json').token });
      return c.body(null, 204);
    },
  )
  .openapi(
    userRoute({
      method: 'post',
      path: '/me/verify-email/resend',
      tags,
      summary: 'Email a new verification link (nothing is sent once verified)',
      responses: { 202: { description: 'A new link is on its way if the address is not verified yet' } },
    }),
    async (c) => {
      await resendVerification({ ctx: serviceContext(c), userId: userPrincipal(c).userId });
      return c.body(null, 202);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/password/forgot',
      tags,
      summary: 'Email a password reset link',
      description: 'Answers 202 whether or not the email has an account.',
      request: { body: jsonBody(ForgotPasswordSchema) },
      responses: { 202: { description: 'If the account exists, a reset link is on its way' } },
    }),
    async (c) => {
      await requestPasswordReset({ ctx: serviceContext(c), email: c.req.valid('json').email });
      return c.body(null, 202);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/password/reset',
      tags,
      summary: 'Set a new password with a reset token (all sessions end)',
      request: { body: jsonBody(ResetPasswordSchema) },
      responses: { 204: { description: 'Password set' }, 404: json(z.any(), 'Token unknown, used or expired') },
    }),
    async (c) => {
      await resetPassword({ ctx: serviceContext(c), input: c.req.valid('json') });
      return c.body(null, 204);
    },
  );
