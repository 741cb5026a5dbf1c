/** The admin console: auth screens, then the organization shell (menu, organization switcher) around each area. */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation, useParams } from 'wouter';
import { api, call, type Schemas } from '../api/client';
import { AcceptInvitationScreen, ForgotPasswordScreen, LoginScreen, ResetPasswordScreen, SignupScreen, VerifyEmailBanner, VerifyEmailScreen } from './auth-screens';
import { Input, ProblemBanner, SubmitButton, useForm } from '../ui/forms';
import { Frame } from './frame';
import { AREAS } from './screens';
import { isOperator } from './screens/platform/logic';
import { atLeast, OrgContext, SessionProvider, useSession } from './session';

/** The Platform area (platform operators, across organizations), loaded when first opened. */
const PlatformArea = lazy(() => import('./screens/platform'));

export function App() {
  return (
    <SessionProvider>
      <Switch>
        <Route path="/admin/login" component={LoginScreen} />
        <Route path="/admin/signup" component={SignupScreen} />
        <Route path="/admin/forgot-password" component={ForgotPasswordScreen} />
        <Route path="/reset-password" component={ResetPasswordScreen} />
        <Route path="/accept-invitation" component={AcceptInvitationScreen} />
        <Route path="/verify-email" component={VerifyEmailScreen} />
        <Route path="/admin/orgs/:orgId" nest>
          <RequireSession>
            <OrgShell />
          </RequireSession>
        </Route>
        <Route path="/admin/platform" nest>
          <RequireSession>
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <PlatformArea />
            </Suspense>
          </RequireSession>
        </Route>
        <Route>
          <RequireSession>
            <Home />
          </RequireSession>
        </Route>
      </Switch>
    </SessionProvider>
  );
}

function RequireSession({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <p className="loading">Loading…</p>;
  if (!me) return <Redirect to="~/admin/login" />;
  return <>{children}</>;
}

/** /admin: open the organization this session last used (or the first one). */
function Home() {
  const { me } = useSession();
  const orgId = me?.currentOrganizationId ?? me?.memberships[0]?.organizationId;
  if (!orgId) return <NoOrganization />;
  return <Redirect to={`~/admin/orgs/${orgId}/events`} />;
}

function NoOrganization() {
  const { signOut } = useSession();
  return (
    <main className="auth-card">
      <h1>No organization yet</h1>
      <p>You are not a member of any organization. Ask an owner for an invitation, or create one.</p>
      <CreateOrganizationForm />
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </main>
  );
}


function CreateOrganizationForm({ onDone }: { onDone?: () => void }) {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const form = useForm({ name: '', currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'en' as 'en' | 'af' });
  return (
    <form
      noValidate
      onSubmit={(e) =>
        form.submit(async (v) => {
          const org = await call(api.POST('/api/v1/orgs', { body: v }));
          await refresh();
          onDone?.();
          navigate(`~/admin/orgs/${org.id}/events`);
        }, e)
      }
    >
      <ProblemBanner error={form.problem} fields={['name', 'currency', 'timezone']} />
      <Input form={form} name="name" label="Organization name" required />
      <Input form={form} name="currency" label="Currency" />
      <Input form={form} name="timezone" label="Timezone" />
      <SubmitButton busy={form.busy}>Create organization</SubmitButton>
    </form>
  );
}

function OrgShell() {
  const { orgId } = useParams<{ orgId: string }>();
  const { me } = useSession();
  const [, navigate] = useLocation();
  const [organization, setOrganization] = useState<Schemas['Organization'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const membership = me?.memberships.find((m) => m.organizationId === orgId);

  const load = useCallback(() => {
    call(api.GET('/api/v1/orgs/{orgId}', { params: { path: { orgId } } }))
      .then((o) => (setOrganization(o), setError(null)))
      .catch((e) => setError(e.message));
  }, [orgId]);

  useEffect(() => {
    if (!membership) return;
    load();
    // The server remembers the organization this session works in (it opens there next time).
    if (me?.currentOrganizationId !== orgId) void api.POST('/api/v1/me/organization', { body: { organizationId: orgId } });
  }, [orgId, membership, load, me?.currentOrganizationId]);

  if (!membership) {
    return (
      <main className="auth-card">
        <h1>Not found</h1>
        <p>There is no organization here that you belong to.</p>
        <Link href="~/admin">Go to your organizations</Link>
      </main>
    );
  }
  if (error) return <p className="banner error">{error}</p>;
  if (!organization) return <p className="loading">Loading…</p>;

  return (
    <OrgContext.Provider value={{ orgId, role: membership.role, organization, reload: load }}>
      <Frame
        who={membership.role}
        navLabel="Main"
        context={
          <label className="org-switcher">
            <span className="visually-hidden">Organization</span>
            <select value={orgId} onChange={(e) => navigate(`~/admin/orgs/${e.target.value}/events`)} aria-label="Organization">
              {me!.memberships.map((m) => (
                <option key={m.organizationId} value={m.organizationId}>
                  {m.organizationName}
                </option>
              ))}
            </select>
          </label>
        }
        nav={
          <>
            {AREAS.filter((a) => !a.minRole || atLeast(membership.role, a.minRole)).map((a) => (
              <li key={a.path}>
                <Link href={a.path} className={(active) => (active ? 'active' : '')} asChild={false}>
                  {a.label}
                </Link>
              </li>
            ))}
            {isOperator(me!.user) && (
              <li className="sidebar-platform">
                <Link href="~/admin/platform">Platform</Link>
              </li>
            )}
          </>
        }
      >
        {!me!.user.emailVerified && <VerifyEmailBanner email={me!.user.email} />}
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Switch>
            {AREAS.map((a) => (
              <Route key={a.path} path={a.path} nest component={a.screen} />
            ))}
            <Route path="/">
              <Redirect to="/events" />
            </Route>
            <Route>
              <p>Not found.</p>
            </Route>
          </Switch>
        </Suspense>
      </Frame>
    </OrgContext.Provider>
  );
}
