/** Sign-up, login, forgotten and reset password, and accepting an invitation: the screens outside an organization. */
import { useEffect, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, call, type Schemas } from '../api/client';
import { Input, ProblemBanner, SubmitButton, useForm } from '../ui/forms';
import { useSession } from './session';

function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-card">
      <p className="brand">Voelgoed Events</p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function LoginScreen() {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const form = useForm({ email: '', password: '' });
  // Arriving from "Choose a new password": say it worked.
  const reset = new URLSearchParams(useSearch()).has('password-reset');
  return (
    <AuthCard title="Sign in">
      {reset && (
        <p className="banner ok" role="status">
          Your password is changed. Sign in with the new one.
        </p>
      )}
      <form
        noValidate
        onSubmit={(e) =>
          form.submit(async (v) => {
            const session = await call(api.POST('/api/v1/auth/login', { body: v }));
            await refresh();
            navigate(session.currentOrganizationId ? `/admin/orgs/${session.currentOrganizationId}/events` : '/admin');
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['email', 'password']} />
        <Input form={form} name="email" label="Email" type="email" autoComplete="username" required />
        <Input form={form} name="password" label="Password" type="password" autoComplete="current-password" required />
        <SubmitButton busy={form.busy}>Sign in</SubmitButton>
      </form>
      <p>
        New here? <Link href="/admin/signup">Create an account</Link> · <Link href="/admin/forgot-password">Forgot your password?</Link>
      </p>
    </AuthCard>
  );
}

const TIMEZONES = ['Africa/Johannesburg', 'Europe/London', 'Europe/Amsterdam', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

export function SignupScreen() {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const form = useForm<Schemas['Signup'] & Record<string, unknown>>({
    name: '',
    email: '',
    password: '',
    organizationName: '',
    currency: 'ZAR',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Africa/Johannesburg',
    locale: 'en',
  });
  return (
    <AuthCard title="Create your account">
      <form
        noValidate
        onSubmit={(e) =>
          form.submit(async (v) => {
            const session = await call(api.POST('/api/v1/auth/signup', { body: v }));
            await refresh();
            navigate(`/admin/orgs/${session.currentOrganizationId}/events`);
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['name', 'email', 'password', 'organizationName', 'currency', 'timezone', 'locale']} />
        <Input form={form} name="name" label="Your name" autoComplete="name" required />
        <Input form={form} name="email" label="Email" type="email" autoComplete="username" required />
        <Input form={form} name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters" required />
        <Input form={form} name="organizationName" label="Organization name" required />
        <div className="row">
          <Input form={form} name="currency" label="Currency" hint="ISO code, e.g. ZAR, EUR, USD" />
          <div className="field">
            <label htmlFor="signup-timezone">Timezone</label>
            <input id="signup-timezone" list="timezones" value={form.values.timezone ?? ''} onChange={(e) => form.set('timezone', e.target.value)} />
            <datalist id="timezones">
              {TIMEZONES.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
            {form.errors.timezone && <small className="field-error">{form.errors.timezone}</small>}
          </div>
        </div>
        <SubmitButton busy={form.busy}>Create account</SubmitButton>
      </form>
      <p>
        Already have an account? <Link href="/admin/login">Sign in</Link>
      </p>
    </AuthCard>
  );
}

export function ForgotPasswordScreen() {
  const form = useForm({ email: '' });
  const [sent, setSent] = useState(false);
  return (
    <AuthCard title="Forgot your password?">
      {sent ? (
        <p role="status">If an account exists for {form.values.email}, a reset link is on its way.</p>
      ) : (
        <form noValidate onSubmit={(e) => form.submit(async (v) => (await call(api.POST('/api/v1/auth/password/forgot', { body: v })), setSent(true)), e)}>
          <ProblemBanner error={form.problem} fields={['email']} />
          <Input form={form} name="email" label="Email" type="email" autoComplete="username" required />
          <SubmitButton busy={form.busy}>Email me a link</SubmitButton>
        </form>
      )}
      <p>
        <Link href="/admin/login">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}

/** The token arrives in the URL fragment (never sent to servers or logs): /reset-password#token=… */
function fragmentToken(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

export function ResetPasswordScreen() {
  const [, navigate] = useLocation();
  const form = useForm({ token: fragmentToken(), password: '' });
  return (
    <AuthCard title="Choose a new password">
      <form
        noValidate
        onSubmit={(e) => form.submit(async (v) => (await call(api.POST('/api/v1/auth/password/reset', { body: v })), navigate('/admin/login?password-reset')), e)}
      >
        <ProblemBanner error={form.problem} fields={['password']} />
        <Input form={form} name="password" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters" required />
        <SubmitButton busy={form.busy}>Set password</SubmitButton>
      </form>
      <p>
        Link expired or already used? <Link href="/admin/forgot-password">Ask for a new one</Link> · <Link href="/admin/login">Sign in</Link>
      </p>
    </AuthCard>
  );
}

export function AcceptInvitationScreen() {
  const { me, refresh } = useSession();
  const [, navigate] = useLocation();
  const token = fragmentToken();
  const [preview, setPreview] = useState<Schemas['InvitationPreview'] | null>(null);
  const form = useForm({ token, name: '', password: '' });
  useEffect(() => {
    void form.submit(async () => setPreview(await call(api.POST('/api/v1/invitations/preview', { body: { token } }))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  const needsAccount = preview && !preview.accountExists;
  return (
    <AuthCard title="Join an organization">
      {preview && (
        <p>
          You are invited to <strong>{preview.organizationName}</strong> as <strong>{preview.role}</strong> ({preview.email}).
        </p>
      )}
      {preview && preview.accountExists && !me && (
        <p className="banner">
          You already have an account: <Link href="/admin/login">sign in</Link> as {preview.email}, then open the invitation link again.
        </p>
      )}
      <form
        noValidate
        onSubmit={(e) =>
          form.submit(async (v) => {
            const body = needsAccount ? v : { token: v.token };
            const result = await call(api.POST('/api/v1/invitations/accept', { body }));
            await refresh();
            navigate(result.currentOrganizationId ? `/admin/orgs/${result.currentOrganizationId}/events` : "/admin");
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['name', 'password']} />
        {needsAccount && (
          <>
            <Input form={form} name="name" label="Your name" autoComplete="name" required />
            <Input form={form} name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters" required />
          </>
        )}
        <SubmitButton busy={form.busy}>Accept invitation</SubmitButton>
      </form>
    </AuthCard>
  );
}

/**
 * One verification per token per page load: the link's token works once, and the screen may mount twice (React's
 * StrictMode in development, a remount while the session loads) — a second request would answer "used" and, landing
 * last, show a failure for an address that was just verified.
 */
const verifications = new Map<string, Promise<unknown>>();
export function verifyEmailOnce(token: string, send: (token: string) => Promise<unknown>): Promise<unknown> {
  let pending = verifications.get(token);
  if (!pending) verifications.set(token, (pending = send(token)));
  return pending;
}

/** The page the verification email links to: /verify-email#token=… verifies at once and says so. */
export function VerifyEmailScreen() {
  const { me, refresh } = useSession();
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [message, setMessage] = useState('');
  useEffect(() => {
    verifyEmailOnce(fragmentToken(), (token) => call(api.POST('/api/v1/auth/verify-email', { body: { token } })))
      .then(async () => (setState('done'), await refresh()))
      .catch((e: Error) => (setState('failed'), setMessage(e.message)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <AuthCard title="Verify your email">
      {state === 'working' && <p className="loading">Verifying…</p>}
      {state === 'done' && <p role="status">Your email address is verified.</p>}
      {state === 'failed' && (
        <p className="banner error" role="alert">
          This link does not work any more ({message}). Sign in and ask for a new one.
        </p>
      )}
      <p>
        <Link href={me?.currentOrganizationId ? `/admin/orgs/${me.currentOrganizationId}/events` : '/admin'}>Go to the console</Link>
      </p>
    </AuthCard>
  );
}

/** Shown in the console until the address is verified: what is held back, and a way to get a new link. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <p className="banner" role="status">
      Verify your email address: open the link we sent to {email}. Until then you cannot publish events, invite people or
      email buyers.{' '}
      {sent ? (
        <strong>A new link is on its way.</strong>
      ) : (
        <button
          type="button"
          className="link"
          onClick={() =>
            call(api.POST('/api/v1/me/verify-email/resend', {}))
              .then(() => setSent(true))
              .catch((e: Error) => setError(e.message))
          }
        >
          Send a new link
        </button>
      )}
      {error && <span className="error"> {error}</span>}
    </p>
  );
}
