/**
 * Tenant isolation across the whole API: organization B calls every operation in the OpenAPI
 * document with organization A's ids and must get 404 (never A's data, never 200 or 403), and
 * calls without credentials to non-public operations get 401. New routes are covered as they are
 * added to the document; new path parameters need a fixture in support/tenant-fixtures.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api';
import { fetchDocument, fillPath, label, operations, type Operation } from './support/openapi-walk';
import { BODY_ID_FIELDS, buildTenant, isDeviceOperation, type Tenant } from './support/tenant-fixtures';
import { API_KEY_SCOPES } from '../src/platform/rbac';

let ops: Operation[];
let a: Tenant;
let b: Tenant;

/** B's own credential for an operation: its device on device routes, its owner everywhere else. */
const bToken = (o: Operation) => (isDeviceOperation(o) ? b.deviceToken : b.owner.token);

function swapBodyIds(body: Record<string, any> | undefined, from: Tenant): Record<string, any> | undefined {
  if (!body) return body;
  const out = { ...body };
  for (const [field, param] of Object.entries(BODY_ID_FIELDS)) if (field in out) out[field] = from.ids[param];
  return out;
}

function expectNoLeak(o: Operation, text: string) {
  for (const secret of a.secrets) expect(text, `${label(o)} leaked ${secret}`).not.toContain(secret);
}

/** A's view of its own data, read through every GET it can make: it must not change while B pokes at it. */
async function snapshotOfA(): Promise<Record<string, unknown>> {
  const snap: Record<string, unknown> = {};
  for (const o of ops.filter((o) => o.method === 'GET' && o.params.includes('orgId'))) {
    const res = await api('GET', fillPath(o.route, a.ids), { token: a.owner.token });
    // The per-minute check-in window rolls with the clock, an export's download link is signed afresh
    // (15 minutes from now) on every read, a report says when it was read (readAt) and a funnel when its snapshots were
    // last computed (computedAt: the suite's own 15-minute cron runs may recompute them), and A's own reads count in its
    // API usage (B's calls never do:
    // test/platform/tenant-limits.test.ts); everything else must stay exactly as it was.
    const rolling = new Set(['checkInsPerMinute', 'downloadUrl', 'downloadUrlExpiresAt', 'apiCalls', 'readAt', 'computedAt']);
    let body = JSON.parse(JSON.stringify(res.body, (key, value) => (rolling.has(key) ? undefined : value)));
    // A's request log records A's own reads (signed-in member): only the entries of API keys and devices must stay as
    // they were — a probe of B's that landed in A's log would show there (B's are logged in B's organization).
    if (o.route.endsWith('/api-requests') && Array.isArray(body?.items)) body = { items: body.items.filter((i: { actorType?: string }) => i.actorType !== 'user') };
    snap[label(o)] = { status: res.status, body };
  }
  return snap;
}

/**
 * The walks call every operation, several times over, and read all of A's data before and after: on two shared cores,
 * with the background consumers working and the Postgres-backed reads growing with the API, that can take past the
 * default 30 s (as in test/bad-input.test.ts).
 */
const WALK_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  ops = operations(await fetchDocument());
  [a, b] = [await buildTenant('alpha'), await buildTenant('bravo')];
}, 300_000);

describe('tenant isolation, walked over the OpenAPI document', () => {
  it('finds tenant-scoped operations to walk', () => {
    expect(ops.filter((o) => o.params.includes('orgId')).length).toBeGreaterThan(10);
  });

  it("lets A read all of its own records (so the 404s below mean isolation, not broken routes)", async () => {
    for (const o of ops.filter((o) => o.method === 'GET' && o.params.includes('orgId'))) {
      const res = await api('GET', fillPath(o.route, a.ids), { token: a.owner.token });
      expect(res.status, label(o)).toBe(200);
    }
  }, WALK_TIMEOUT_MS);

  it('answers 401 to every non-public operation called without credentials', async () => {
    for (const o of ops.filter((o) => !o.isPublic)) {
      const res = await api(o.method, fillPath(o.route, a.ids), { body: o.body });
      expect(res.status, label(o)).toBe(401);
      expect(res.headers.get('Content-Type'), label(o)).toContain('application/problem+json');
    }
  });

  it("answers 404 when B (by session, API key or device) calls any operation inside A's organization", async () => {
    const before = await snapshotOfA();
    for (const o of ops.filter((o) => o.params.includes('orgId'))) {
      for (const [who, token] of [['owner', b.owner.token], ['API key', b.apiKey], ['device', b.deviceToken]] as const) {
        const res = await api(o.method, fillPath(o.route, a.ids), { token, body: swapBodyIds(o.body, a) });
        expect(res.status, `${label(o)} as B ${who}`).toBe(404);
        expectNoLeak(o, JSON.stringify(res.body));
      }
    }
    expect(await snapshotOfA()).toEqual(before);
  }, WALK_TIMEOUT_MS);

  it("answers 404 when B uses A's record ids inside B's own organization", async () => {
    const before = await snapshotOfA();
    // Only operations that name one of A's records besides the organization (a template name is no one's record).
    const scoped = ops.filter((o) => o.params.includes('orgId') && o.recordParams.length > 1);
    expect(scoped.length).toBeGreaterThan(3);
    for (const o of scoped) {
      for (const token of [b.owner.token, b.apiKey]) {
        const res = await api(o.method, fillPath(o.route, { ...a.ids, orgId: b.ids.orgId! }), { token, body: o.body });
        const who = `${label(o)} as B ${token === b.apiKey ? 'API key' : 'owner'}`;
        // No key can ever hold some permissions (managing keys): it is refused before any id is looked at,
        // the same for every id, so the refusal says nothing about A.
        if (token === b.apiKey && !(API_KEY_SCOPES as string[]).includes(o.permission!)) {
          expect(res.status, who).toBe(403);
          expect(res.body.code, who).toBe('missing_scope');
          continue;
        }
        expect(res.status, who).toBe(404);
        expectNoLeak(o, JSON.stringify(res.body));
      }
    }
    expect(await snapshotOfA()).toEqual(before);
  }, WALK_TIMEOUT_MS);

  it("answers 404 when B's device names A's records on the device routes", async () => {
    const before = await snapshotOfA();
    const deviceScoped = ops.filter((o) => isDeviceOperation(o) && o.params.length > 0);
    expect(deviceScoped.length).toBeGreaterThan(0);
    for (const o of deviceScoped) {
      const res = await api(o.method, fillPath(o.route, a.ids), { token: b.deviceToken, body: swapBodyIds(o.body, a) });
      expect(res.status, `${label(o)} as B device`).toBe(404);
      expectNoLeak(o, JSON.stringify(res.body));
    }
    expect(await snapshotOfA()).toEqual(before);
  }, WALK_TIMEOUT_MS);

  it("answers 404 when B names A's ids in the body of a route outside any organization", async () => {
    const bodyScoped = ops.filter((o) => !o.isPublic && !o.params.includes('orgId') && o.body && Object.keys(BODY_ID_FIELDS).some((f) => f in o.body!));
    expect(bodyScoped.length).toBeGreaterThan(0);
    for (const o of bodyScoped) {
      const res = await api(o.method, fillPath(o.route, b.ids), { token: bToken(o), body: swapBodyIds(o.body, a) });
      expect(res.status, label(o)).toBe(404);
      expectNoLeak(o, JSON.stringify(res.body));
    }
  });

  it("never shows A's data in B's lists and profile", async () => {
    for (const o of ops.filter((o) => o.method === 'GET' && !o.isPublic)) {
      const res = await api('GET', fillPath(o.route, b.ids), { token: bToken(o) });
      expect(res.status, label(o)).toBeLessThan(500);
      expectNoLeak(o, JSON.stringify(res.body));
    }
  });
});
