/**
 * The Platform area, /admin/platform/* (platform operators only: users flagged platform admin or staff), across
 * organizations: Organizations, Fee policies, Dead letters and the platform Mailbox. Its own shell with the
 * console's look and a way back to your organization. Everyone else is told it is for operators; the API's 403
 * (`platform_only`) stays the truth.
 */
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { Frame } from '../frame';
import { useSession } from '../session';
import DeadLettersScreen from './platform/dead-letters';
import FeePoliciesScreen from './platform/fee-policies';
import { isOperator, operatorRole } from './platform/logic';
import PlatformMailboxScreen from './platform/mailbox';
import OrganizationsScreen from './platform/organizations';
import './ops/ops.css';
import './platform/platform.css';

const SECTIONS = [
  { path: '/organizations', label: 'Organizations', screen: OrganizationsScreen },
  { path: '/fee-policies', label: 'Fee policies', screen: FeePoliciesScreen },
  { path: '/dead-letters', label: 'Dead letters', screen: DeadLettersScreen },
  { path: '/mailbox', label: 'Platform mailbox', screen: PlatformMailboxScreen },
] as const;

export default function PlatformArea() {
  const { me } = useSession();
  const [location] = useLocation();
  const backTo = me?.currentOrganizationId ?? me?.memberships[0]?.organizationId;
  const back = backTo ? `~/admin/orgs/${backTo}/events` : '~/admin';

  if (!me || !isOperator(me.user)) {
    return (
      <main className="auth-card">
        <h1>Only platform operators</h1>
        <p>The Platform area is for platform operators (platform admins and staff). Your account is not one.</p>
        <Link href={back}>Back to your organization</Link>
      </main>
    );
  }

  return (
    <Frame
      who={operatorRole(me.user)}
      navLabel="Platform"
      context={<span className="platform-tag">Platform</span>}
      nav={
        <>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <Link
                href={s.path}
                className={location === s.path || location.startsWith(`${s.path}/`) ? 'active' : ''}
                aria-current={location === s.path ? 'page' : undefined}
              >
                {s.label}
              </Link>
            </li>
          ))}
          <li className="platform-back">
            <Link href={back}>← Back to your organization</Link>
          </li>
        </>
      }
    >
      <Switch>
        {SECTIONS.map((s) => (
          <Route key={s.path} path={s.path} nest component={s.screen} />
        ))}
        <Route path="/">
          <Redirect to="/organizations" />
        </Route>
        <Route>
          <p>Not found.</p>
        </Route>
      </Switch>
    </Frame>
  );
}
