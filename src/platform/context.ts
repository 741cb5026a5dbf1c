/** The request-scoped values domain code receives explicitly: env, db, the actor, the tenant, the request id. */
import type { Role } from '../db/schema/tenancy';
import type { Database } from '../db/client';
import type { Env } from '../env';

/** Who is acting, resolved by middleware; never read from a global. */
export type Actor = {
  type: 'user' | 'system' | 'device' | 'api_key';
  /** The user id, API key id, device id, or `system`. */
  id: string;
  userId: string | null;
  organizationId: string;
  role: Role | null;
  scopes?: readonly string[];
  isPlatformAdmin: boolean;
  isPlatformStaff: boolean;
};

/** The authenticated identity before a tenant is chosen: a user session, an API key, or a scanner device. */
export type Principal =
  | {
      type: 'user';
      userId: string;
      sessionId: string;
      email: string;
      name: string;
      isPlatformAdmin: boolean;
      isPlatformStaff: boolean;
      /** Set when the session came from the cookie: such mutations need the CSRF header. */
      viaCookie: boolean;
      csrf: string;
    }
  | { type: 'api_key'; apiKeyId: string; organizationId: string; scopes: readonly string[]; plan: string }
  /** A registered scanner device: only the /device routes accept it, never an organizer route. */
  | { type: 'device'; deviceId: string; organizationId: string; eventIds: readonly string[]; gateId: string | null };

export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

/** What every verb takes: `verb({ ctx, input })`. */
export type ServiceContext = RequestMeta & {
  env: Env;
  db: Database;
  /** The request's waitUntil, for work after the answer (the journey recorder); absent outside a request. */
  waitUntil?: (p: Promise<unknown>) => void;
};

export type TenantContext = ServiceContext & {
  actor: Actor;
  organizationId: string;
};
