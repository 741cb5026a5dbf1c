/** Who is signed in (GET /me) and which organization the console shows (from the URL, /admin/orgs/{orgId}/…). */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, call, setUnauthorizedHandler, type Schemas } from '../api/client';

export type Me = Schemas['Me'];
export type Role = Schemas['MembershipSummary']['role'];

type SessionState = { me: Me | null; loading: boolean; refresh: () => Promise<Me | null>; signOut: () => Promise<void> };
const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const data = await call(api.GET('/api/v1/me'));
      setMe(data);
      return data;
    } catch {
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(undefined);
  }, [refresh]);

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    setMe(null);
  }, []);

  return <SessionContext.Provider value={{ me, loading, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export type OrgState = {
  orgId: string;
  role: Role;
  organization: Schemas['Organization'];
  /** Reloads the organization (after a settings change). */
  reload: () => void;
};
export const OrgContext = createContext<OrgState | null>(null);

/** The organization the current screen belongs to: its id, your role in it, its settings (currency, timezone, locale). */
export function useOrg(): OrgState {
  const o = useContext(OrgContext);
  if (!o) throw new Error('useOrg outside an organization route');
  return o;
}

/** What each role may do, mirroring docs/rbac.md coarsely: screens hide buttons the API would refuse. */
const RANK: Record<Role, number> = { scanner_only: 0, viewer: 1, supervisor: 2, staff: 3, admin: 4, owner: 5 };
export function atLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}
