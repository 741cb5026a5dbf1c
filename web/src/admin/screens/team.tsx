/**
 * Team (/admin/orgs/{orgId}/team): the members and their roles (change, remove), leaving the organization,
 * invitations (invite, resend, revoke), and what each role may do.
 */
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, call, formatInZone, type Schemas } from '../../api/client';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../../ui/forms';
import { PagedTable, usePaged } from '../../ui/list';
import { useOrg, useSession } from '../session';
import { assignableRoles, canManageMember, canManageTeam, canSeeTeam, lastOwnerWarning, ROLE_INFO, ROLES, type Role } from './team/roles';
import './venues/venues.css';
import './team/team.css';

type Member = Schemas['Member'];
type Invitation = Schemas['Invitation'];

const roleOptions = (roles: readonly Role[]) => roles.map((r) => ({ value: r, label: ROLE_INFO[r].label }));

/**
 * The actions on a section's rows: `act` clears the last outcome, runs the request, then says it was done and
 * reloads the list, or keeps the API's refusal to show (and answers false).
 */
function useRowActions(list: { reload: () => void }) {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const clear = () => (setError(null), setStatus(null));
  const act = async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    clear();
    try {
      await fn();
      setStatus(done);
      list.reload();
      return true;
    } catch (e) {
      setError(e as ApiError);
      return false;
    }
  };
  return { status, setStatus, error, clear, act };
}

/** What the last action came to: done (announced politely) or the API's refusal. */
function Outcome({ status, error }: { status: string | null; error: ApiError | null }) {
  return (
    <>
      {status && (
        <p className="banner ok" role="status">
          {status}
        </p>
      )}
      <ProblemBanner error={error} />
    </>
  );
}

export default function TeamScreen() {
  const { role } = useOrg();
  return (
    <>
      <h1>Team</h1>
      <Leave />
      {canSeeTeam(role) ? <Members /> : <p className="banner">Your role ({ROLE_INFO[role].label}) does not show the team list.</p>}
      {canManageTeam(role) && <Invitations />}
      <RoleGuide />
    </>
  );
}

function Leave() {
  const { orgId, organization, role } = useOrg();
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section className="card" aria-labelledby="you-heading">
      <h2 id="you-heading">Your membership</h2>
      <p>
        You are <strong>{ROLE_INFO[role].label}</strong> in {organization.name}: {ROLE_INFO[role].summary}
      </p>
      <button
        type="button"
        className="danger"
        onClick={async () => {
          if (!confirm(`Leave ${organization.name}? You lose access until someone invites you again.`)) return;
          try {
            await call(api.POST('/api/v1/orgs/{orgId}/leave', { params: { path: { orgId } } }));
            await refresh();
            navigate('~/admin');
          } catch (e) {
            setError(e as ApiError);
          }
        }}
      >
        Leave organization
      </button>
      <ProblemBanner error={error} />
    </section>
  );
}

function Members() {
  const { orgId, role, organization } = useOrg();
  const { me, refresh } = useSession();
  const list = usePaged<Member>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/members', { params: { path: { orgId }, query: { cursor, limit: 25 } } })), [orgId]);
  const { status, error, clear, act } = useRowActions(list);
  // With everyone on one page, the owner count is known: the last owner is told before the API refuses.
  const ownerCount = list.pageNumber === 1 && !list.hasNext ? list.items.filter((m) => m.role === 'owner').length : undefined;
  const warning = lastOwnerWarning(role, ownerCount);

  const changeRole = async (m: Member, next: Role) => {
    if (next === 'owner' && !confirm(`Make ${m.name} an owner? Owners can do everything, including removing you.`)) return (clear(), list.reload());
    const done = await act(
      () => call(api.PATCH('/api/v1/orgs/{orgId}/members/{membershipId}', { params: { path: { orgId, membershipId: m.id } }, body: { role: next } })),
      `${m.name} is now ${ROLE_INFO[next].label}.`,
    );
    // A refused change puts the select back.
    if (!done) list.reload();
  };

  const remove = async (m: Member) => {
    if (!confirm(`Remove ${m.name} (${m.email}) from the organization?`)) return;
    if (await act(() => call(api.DELETE('/api/v1/orgs/{orgId}/members/{membershipId}', { params: { path: { orgId, membershipId: m.id } } })), `${m.name} was removed.`)) void refresh();
  };

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {warning && <p className="banner">{warning}</p>}
      <Outcome status={status} error={error} />
      <PagedTable
        list={list}
        rowKey={(m) => m.id}
        caption="Members"
        columns={[
          {
            header: 'Name',
            cell: (m) => (
              <>
                {m.name} {m.userId === me?.user.id && <span className="badge">You</span>}
              </>
            ),
          },
          { header: 'Email', cell: (m) => m.email },
          {
            header: 'Role',
            cell: (m) =>
              canManageMember(role, m.role, m.userId === me?.user.id) ? (
                <label className="role-select">
                  <span className="visually-hidden">Role of {m.name}</span>
                  <select value={m.role} onChange={(e) => void changeRole(m, e.target.value as Role)}>
                    {roleOptions(assignableRoles(role).includes(m.role) ? assignableRoles(role) : [m.role, ...assignableRoles(role)]).map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <span className="badge">{ROLE_INFO[m.role].label}</span>
              ),
          },
          { header: 'Member since', cell: (m) => formatInZone(m.createdAt, organization.settings.timezone, undefined, { dateStyle: 'medium' }) },
          {
            header: 'Actions',
            cell: (m) =>
              canManageMember(role, m.role, m.userId === me?.user.id) && (
                <button type="button" className="danger" onClick={() => void remove(m)} aria-label={`Remove ${m.name}`}>
                  Remove
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}

function Invitations() {
  const { orgId, role, organization } = useOrg();
  const tz = organization.settings.timezone;
  const list = usePaged<Invitation>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId }, query: { cursor, limit: 25 } } })), [orgId]);
  const form = useForm({ email: '', role: 'staff' as Role });
  const { status, setStatus, error, act } = useRowActions(list);

  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <form
        noValidate
        aria-label="Invite someone"
        onSubmit={(e) =>
          form.submit(async (v) => {
            const inv = await call(api.POST('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId } }, body: { email: v.email, role: v.role } }));
            setStatus(`Invitation sent to ${inv.email} as ${ROLE_INFO[inv.role].label}.`);
            form.reset();
            list.reload();
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['email', 'role']} />
        <div className="row">
          <Input form={form} name="email" label="Email" type="email" autoComplete="off" />
          <Select form={form} name="role" label="Role" options={roleOptions(assignableRoles(role))} hint={ROLE_INFO[form.values.role].summary} />
        </div>
        <SubmitButton busy={form.busy}>Send invitation</SubmitButton>
      </form>
      <Outcome status={status} error={error} />
      <PagedTable
        list={list}
        rowKey={(i) => i.id}
        caption="Invitations"
        empty="No invitations yet."
        columns={[
          { header: 'Email', cell: (i) => i.email },
          { header: 'Role', cell: (i) => ROLE_INFO[i.role].label },
          {
            header: 'Status',
            cell: (i) => {
              const expired = i.status === 'pending' && new Date(i.expiresAt) <= new Date();
              return <span className={`badge ${i.status === 'accepted' ? 'ok' : i.status === 'revoked' || expired ? 'bad' : 'warn'}`}>{expired ? 'expired' : i.status}</span>;
            },
          },
          { header: 'Expires', cell: (i) => (i.status === 'pending' ? formatInZone(i.expiresAt, tz) : '—') },
          { header: 'Sent', cell: (i) => formatInZone(i.createdAt, tz) },
          {
            header: 'Actions',
            cell: (i) =>
              i.status === 'pending' && (
                <div className="toolbar tight">
                  <button
                    type="button"
                    aria-label={`Resend to ${i.email}`}
                    onClick={() => void act(() => call(api.POST('/api/v1/orgs/{orgId}/invitations/{invitationId}/resend', { params: { path: { orgId, invitationId: i.id } } })), `Sent again to ${i.email}, with a fresh link.`)}
                  >
                    Resend
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke invitation to ${i.email}`}
                    onClick={() => {
                      if (confirm(`Revoke the invitation to ${i.email}? Its link stops working.`)) {
                        void act(() => call(api.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', { params: { path: { orgId, invitationId: i.id } } })), `The invitation to ${i.email} was revoked.`);
                      }
                    }}
                  >
                    Revoke
                  </button>
                </div>
              ),
          },
        ]}
      />
    </section>
  );
}

function RoleGuide() {
  return (
    <section className="card" aria-labelledby="roles-heading">
      <h2 id="roles-heading">What each role may do</h2>
      <div className="role-guide">
        {ROLES.map((r) => (
          <div key={r} className="role-card">
            <h3>{ROLE_INFO[r].label}</h3>
            <p>{ROLE_INFO[r].summary}</p>
            <ul>
              {ROLE_INFO[r].can.map((c) => (
                <li key={c}>{c}</li>
              ))}
              {ROLE_INFO[r].cannot.map((c) => (
                <li key={c} className="cannot">
                  Not: {c}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
