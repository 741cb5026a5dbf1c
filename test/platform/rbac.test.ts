/**
 * The permission matrix, proven through real routes: for every operation in the OpenAPI document
 * that needs a permission, every role (and platform staff/admin, and scoped API keys) is allowed
 * exactly when src/platform/rbac.ts says so. Routes added later are covered by their x-permission.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema/tenancy';
import { ROLES } from '../../src/db/schema/tenancy';
import { API_KEY_SCOPES, ROLE_PERMISSIONS, SERVICE_CHECKED_ACTIONS, type Action } from '../../src/platform/rbac';
import { addMember, api, createApiKey, type SignedUp } from '../support/api';
import { fetchDocument, fillPath, label, operations, type Operation } from '../support/openapi-walk';
import { buildTenant, isDeviceOperation, platformUser, type Tenant } from '../support/tenant-fixtures';

type Caller = { name: string; token: string; allowed: (p: Action) => boolean };

/** Each change walks a fresh tenant (about 4 s to build), so these grow with the API: about 50 changes by now (the role walk took 290 s on a busy machine). */
const RBAC_WALK_TIMEOUT_MS = 480_000;

/** How many independent operations are walked at once (their requests interleave while each waits on storage). */
const PARALLEL = 8;

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

let ops: Operation[];
let all: Operation[];
let staffOperator: SignedUp;
let adminOperator: SignedUp;

async function callersFor(t: Tenant): Promise<Caller[]> {
  const callers: Caller[] = [{ name: 'owner', token: t.owner.token, allowed: (p) => ROLE_PERMISSIONS.owner.includes(p) }];
  for (const role of ROLES.filter((r): r is Exclude<Role, 'owner'> => r !== 'owner')) {
    const member = await addMember(t.owner, role);
    callers.push({ name: role, token: member.token, allowed: (p) => ROLE_PERMISSIONS[role].includes(p) });
  }
  callers.push({ name: 'platform staff', token: staffOperator.token, allowed: (p) => p.endsWith('.read') });
  callers.push({ name: 'platform admin', token: adminOperator.token, allowed: () => true });
  return callers;
}

async function expectDecision(o: Operation, who: string, allowed: boolean, res: { status: number; body: any }) {
  const where = `${label(o)} as ${who} (${o.permission})`;
  expect(res.status, `${where}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  // A key scoped to one action passes the route's permission, but may not hand out a role that can do more
  // than the key itself (role_beyond_own, tested in the member tests), nor export data it may not read itself
  // (export_not_allowed, tested in the export tests), nor keep a member's own report schedules (member_only: a key has
  // no inbox, tested in the report schedule tests): those refusals are not the route's.
  if (allowed && who.startsWith('API key') && res.status === 403) expect(['role_beyond_own', 'export_not_allowed', 'member_only'], where).toContain(res.body.code);
  else if (allowed) expect(res.status, `${where} should be allowed: ${JSON.stringify(res.body)}`).not.toBe(403);
  else {
    expect(res.status, `${where} should be refused`).toBe(403);
    expect(['forbidden', 'missing_scope'], where).toContain(res.body.code);
  }
}

beforeAll(async () => {
  all = operations(await fetchDocument());
  ops = all.filter((o) => o.permission);
  staffOperator = await platformUser('is_platform_staff');
  adminOperator = await platformUser('is_platform_admin');
});

// Each test builds tenants, whose fixtures wait for the shared queues (FIXTURE_SETTLE_MS).
describe('the permission matrix on every route', { timeout: 300_000 }, () => {
  it('covers every action in the matrix with at least one route', () => {
    const used = new Set([...ops.map((o) => o.permission), ...SERVICE_CHECKED_ACTIONS]);
    for (const action of Object.values(ROLE_PERMISSIONS).flat()) expect(used, action).toContain(action);
  });

  it('allows and refuses each role exactly as the matrix says', async () => {
    const shared = await buildTenant('rbac-read');
    const sharedCallers = await callersFor(shared);
    // Reads share one tenant and cannot affect each other: every caller at once.
    await inParallel(
      ops.filter((o) => o.method === 'GET'),
      PARALLEL,
      async (o) => {
        await Promise.all(sharedCallers.map(async (caller) => expectDecision(o, caller.name, caller.allowed(o.permission as Action), await api(o.method, fillPath(o.route, shared.ids), { token: caller.token, body: o.body }))));
      },
    );
    // Each change gets a fresh tenant so one caller's change can't decide another's answer; tenants are
    // independent, so several changes are walked at once. The same tenant also proves the change's API-key scope:
    // a key with every scope but this one is refused first; a key with only this scope goes last (allowed).
    await inParallel(
      ops.filter((o) => o.method !== 'GET'),
      PARALLEL,
      async (o) => {
        const t = await buildTenant('rbac');
        const callers = await callersFor(t);
        const without = await createApiKey(t.owner, API_KEY_SCOPES.filter((s) => s !== o.permission), 'all but this');
        const scoped = (API_KEY_SCOPES as string[]).includes(o.permission!);
        const only = scoped ? await createApiKey(t.owner, [o.permission!], 'just this') : null;
        // Least privileged first, so a permitted change (say, removing the target member) can't hide a refusal.
        const walk: Caller[] = [
          { name: 'API key without this scope', token: without.secret, allowed: () => false },
          ...[...callers].reverse(),
          ...(only ? [{ name: 'API key with this scope', token: only.secret, allowed: () => true }] : []),
        ];
        for (const caller of walk) {
          const res = await api(o.method, fillPath(o.route, t.ids), { token: caller.token, body: o.body });
          await expectDecision(o, caller.name, caller.allowed(o.permission as Action), res);
        }
      },
    );
  }, RBAC_WALK_TIMEOUT_MS);

  it('limits API keys to their scopes on every read (changes: in the role walk)', async () => {
    const t = await buildTenant('rbac-keys');
    const keys = new Map<string, string>();
    for (const scope of API_KEY_SCOPES) keys.set(scope, (await createApiKey(t.owner, [scope], `only ${scope}`)).secret);
    await inParallel(
      ops.filter((o) => o.method === 'GET'),
      PARALLEL,
      async (o) => {
        await Promise.all(
          [...keys].map(async ([scope, key]) => expectDecision(o, `API key scoped to ${scope}`, scope === o.permission, await api(o.method, fillPath(o.route, t.ids), { token: key }))),
        );
      },
    );
    // Changes: each is proven with its own tenant in the role walk above (a key without the scope, then one with only it).
  }, RBAC_WALK_TIMEOUT_MS);

  it('keeps device routes for devices, and every other route for people and API keys', async () => {
    const t = await buildTenant('rbac-devices');
    const deviceOps = all.filter(isDeviceOperation);
    expect(deviceOps.length).toBeGreaterThan(0);
    for (const o of deviceOps) {
      for (const [who, token] of [['owner', t.owner.token], ['API key', t.apiKey], ['platform admin', adminOperator.token]] as const) {
        const res = await api(o.method, fillPath(o.route, t.ids), { token, body: o.body });
        expect(res.status, `${label(o)} as ${who}: ${JSON.stringify(res.body)}`).toBe(403);
        expect(res.body.code, `${label(o)} as ${who}`).toBe('device_required');
      }
    }
    for (const o of all.filter((o) => !o.isPublic && !isDeviceOperation(o))) {
      const res = await api(o.method, fillPath(o.route, t.ids), { token: t.deviceToken, body: o.body });
      const where = `${label(o)} as device: ${JSON.stringify(res.body)}`;
      if (o.params.includes('orgId')) {
        expect(res.status, where).toBe(403);
        expect(res.body.code, where).toBe('device_not_allowed');
      } else expect([401, 403], where).toContain(res.status);
    }
  });
});
