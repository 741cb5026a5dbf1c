/**
 * The API request log (docs/postgres.md, "API request log"): requests by an API key or a member reach Postgres
 * through the replication queue with their route pattern, status and latency; an organization sees only its own;
 * filters and keyset pagination; redelivery inserts nothing twice; retention drops old months and trims the rest;
 * a log that cannot be sent fails no request; Postgres away answers 503 with Retry-After.
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { postgres } from '../../../src/db/postgres-client';
import { apiRequests } from '../../../src/db/postgres';
import { enqueueApiRequest, entryOf, MAX_BATCH } from '../../../src/domains/api-requests/collect-api-requests';
import { pruneApiRequests } from '../../../src/domains/api-requests/prune-api-requests';
import { recordApiRequests } from '../../../src/domains/api-requests/record-api-requests';
import type { ApiRequestEntry } from '../../../src/domains/api-requests/schemas';
import { replicationQueueConsumer } from '../../../src/domains/replication/consumer';
import { api, createApiKey, signup } from '../../support/api';
import { until } from '../../support/wait';
import { fetchWorker } from '../../support/worker-fetch';

const DAY = 86_400_000;
const rid = (label: string) => `test-${label}-${crypto.randomUUID()}`;

type Row = { id: string; createdAt: string; method: string; route: string; status: number; latencyMs: number; actorType: string; apiKeyId: string | null };

async function logOf(owner: { orgId: string; token: string }, query: Record<string, string> = {}): Promise<{ status: number; body: { items: Row[]; nextCursor: string | null } }> {
  const qs = new URLSearchParams(query).toString();
  return api('GET', `/orgs/${owner.orgId}/api-requests${qs ? `?${qs}` : ''}`, { token: owner.token });
}

/**
 * Waits until every id is in the organization's log (the queue and its consumer run for real). The replication queue
 * is shared by every test file and carries every change they make, so the entries may wait behind a backlog.
 */
async function logged(owner: { orgId: string; token: string }, ids: string[], query: Record<string, string> = {}) {
  return until(
    `${ids.length} requests in the log`,
    async () => {
      const res = await logOf(owner, { limit: '200', ...query });
      const found = res.body.items.filter((r) => ids.includes(r.id));
      return found.length === ids.length ? found : null;
    },
    45_000,
  );
}

const entry = (orgId: string, over: Partial<ApiRequestEntry> = {}): ApiRequestEntry => ({
  id: rid('e'),
  organizationId: orgId,
  at: Date.now() - 2 * DAY,
  method: 'GET',
  route: '/api/v1/orgs/:orgId/events',
  status: 200,
  latencyMs: 12,
  actorType: 'api_key',
  apiKeyId: 'key_synthetic',
  ...over,
});

describe('API request log', () => {
  it("records an API key's requests: route pattern (no ids, no query), status, latency, key id, request id", async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['events.read']);
    const okId = rid('ok');
    const missingId = rid('missing');
    const ok = await api('GET', `/orgs/${owner.orgId}/events?limit=5&secretish=abc`, { token: key.secret, headers: { 'X-Request-Id': okId } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('X-Request-Id')).toBe(okId);
    const missing = await api('GET', `/orgs/${owner.orgId}/events/evt_01jx0000000000000000000000`, { token: key.secret, headers: { 'X-Request-Id': missingId } });
    expect(missing.status).toBe(404);

    const rows = await logged(owner, [okId, missingId], { apiKeyId: key.id });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[okId]).toMatchObject({ method: 'GET', route: '/api/v1/orgs/:orgId/events', status: 200, actorType: 'api_key', apiKeyId: key.id });
    expect(byId[missingId]).toMatchObject({ method: 'GET', route: '/api/v1/orgs/:orgId/events/:eventId', status: 404, actorType: 'api_key', apiKeyId: key.id });
    for (const r of rows) {
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Date.now() - Date.parse(r.createdAt)).toBeLessThan(60_000);
      expect(JSON.stringify(r)).not.toContain(owner.orgId);
      expect(JSON.stringify(r)).not.toContain('secretish');
    }
  });

  it("records a member's session requests as `user`, with no key id", async () => {
    const owner = await signup();
    const id = rid('session');
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: owner.token, headers: { 'X-Request-Id': id } })).status).toBe(200);
    const [row] = await logged(owner, [id], { actorType: 'user' });
    expect(row).toMatchObject({ route: '/api/v1/orgs/:orgId', status: 200, actorType: 'user', apiKeyId: null });
  });

  it('shows an organization only its own requests (query filter and row-level security), and refuses other keys', async () => {
    const a = await signup();
    const b = await signup();
    const aId = rid('a');
    const bId = rid('b');
    await api('GET', `/orgs/${a.orgId}`, { token: a.token, headers: { 'X-Request-Id': aId } });
    await api('GET', `/orgs/${b.orgId}`, { token: b.token, headers: { 'X-Request-Id': bId } });
    await logged(a, [aId]);
    await logged(b, [bId]);
    const seenByA = (await logOf(a, { limit: '200' })).body.items.map((r) => r.id);
    expect(seenByA).toContain(aId);
    expect(seenByA).not.toContain(bId);
    // The second wall: inside A's transaction, B's row is invisible even without the organization filter.
    const pg = postgres(env);
    try {
      const rows = await pg.forOrganization(a.orgId, (tx) => tx.select({ id: apiRequests.id }).from(apiRequests).where(sql`${apiRequests.id} in (${aId}, ${bId})`));
      expect(rows.map((r) => r.id)).toEqual([aId]);
    } finally {
      await pg.close();
    }
    // B's key reading A's log: A does not exist for it; a key without api_keys.read: 403.
    const bKey = await createApiKey(b, ['api_keys.read']);
    const strayId = rid('stray');
    expect((await api('GET', `/orgs/${a.orgId}/api-requests`, { token: bKey.secret, headers: { 'X-Request-Id': strayId } })).status).toBe(404);
    // That refused request is B's key's traffic: in B's log, never in A's.
    const [stray] = await logged(b, [strayId], { apiKeyId: bKey.id });
    expect(stray).toMatchObject({ route: '/api/v1/orgs/:orgId/api-requests', status: 404, apiKeyId: bKey.id });
    expect((await logOf(a, { limit: '200' })).body.items.map((r) => r.id)).not.toContain(strayId);
    const weakKey = await createApiKey(a, ['events.read']);
    const refused = await api('GET', `/orgs/${a.orgId}/api-requests`, { token: weakKey.secret });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('filters by key, status class or code, route, method and time, and pages by (time, id) without gaps or repeats', async () => {
    const owner = await signup();
    const base = Date.now() - 3 * DAY;
    const entries = [
      entry(owner.orgId, { at: base + 1000, status: 200, route: '/api/v1/orgs/:orgId/events', apiKeyId: 'key_one' }),
      entry(owner.orgId, { at: base + 2000, status: 404, route: '/api/v1/orgs/:orgId/events/:eventId', apiKeyId: 'key_one' }),
      entry(owner.orgId, { at: base + 3000, status: 422, method: 'POST', route: '/api/v1/orgs/:orgId/events', apiKeyId: 'key_two' }),
      entry(owner.orgId, { at: base + 3000, status: 201, method: 'POST', route: '/api/v1/orgs/:orgId/events', apiKeyId: 'key_two' }),
      entry(owner.orgId, { at: base + 4000, status: 500, route: '/api/v1/orgs/:orgId/orders', actorType: 'user', apiKeyId: null }),
    ];
    expect(await recordApiRequests(env, { kind: 'api_requests', entries })).toBe(5);
    const window = { from: new Date(base).toISOString(), to: new Date(base + DAY).toISOString() };
    const ids = async (q: Record<string, string>) => {
      const res = await logOf(owner, { ...window, ...q });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((r) => r.id);
    };
    const [e0, e1, e2, e3, e4] = entries.map((e) => e.id);
    const tie = [e2!, e3!].sort().reverse(); // same instant: by id, descending
    expect(await ids({})).toEqual([e4, ...tie, e1, e0]);
    expect(await ids({ apiKeyId: 'key_one' })).toEqual([e1, e0]);
    expect(await ids({ status: '4xx' })).toEqual([tie.find((i) => i === e2), e1]);
    expect(await ids({ status: '404' })).toEqual([e1]);
    expect(await ids({ status: '5xx' })).toEqual([e4]);
    expect(await ids({ route: '/api/v1/orgs/:orgId/events' })).toEqual([...tie, e0]);
    expect(await ids({ method: 'POST' })).toEqual(tie);
    expect(await ids({ actorType: 'user' })).toEqual([e4]);
    expect(await ids({ from: new Date(base + 2000).toISOString(), to: new Date(base + 4000).toISOString() })).toEqual([...tie, e1]);
    expect((await logOf(owner, { status: '6xx' })).status).toBe(422);

    // Pages of 2: every entry once, in order, then no cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await logOf(owner, { ...window, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([e4, ...tie, e1, e0]);
    expect(pages).toBe(3);
  });

  it('is idempotent: a redelivered message inserts nothing twice', async () => {
    const owner = await signup();
    const entries = [entry(owner.orgId), entry(owner.orgId, { at: Date.now() - DAY })];
    const message = { kind: 'api_requests' as const, entries };
    expect(await recordApiRequests(env, message)).toBe(2);
    expect(await recordApiRequests(env, message)).toBe(0);
    // Through the queue consumer as the queue would redeliver it, and a message mixing organizations.
    const other = await signup();
    const mixed = { kind: 'api_requests' as const, entries: [...entries, entry(other.orgId)] };
    const ctx = { env, attempt: 2, messageId: 'm', waitUntil: () => undefined } as never;
    await replicationQueueConsumer.handle(mixed, ctx);
    await replicationQueueConsumer.handle(mixed, ctx);
    const count = async (orgId: string) => {
      const pg = postgres(env);
      try {
        return await pg.forOrganization(orgId, async (tx) => (await tx.select({ n: sql<number>`count(*)::int` }).from(apiRequests).where(sql`${apiRequests.organizationId} = ${orgId} and ${apiRequests.id} like 'test-e-%'`))[0]!.n);
      } finally {
        await pg.close();
      }
    };
    expect(await count(owner.orgId)).toBe(2);
    expect(await count(other.orgId)).toBe(1);
  });

  it('retention drops months past the window and trims the rest; recent rows stay', async () => {
    const owner = await signup();
    const now = new Date();
    const old = new Date(now.getTime() - 200 * DAY);
    const month = `${old.getUTCFullYear()}${String(old.getUTCMonth() + 1).padStart(2, '0')}`;
    // As the migrations' owner (the tests' user): give the old month its own partition, as it had when it was current.
    const admin = new Client({ connectionString: env.HYPERDRIVE.connectionString });
    admin.on('error', () => undefined); // the Workers socket reports "closed" after end() (src/db/postgres-client.ts)
    await admin.connect();
    try {
      await admin.query(`select vg_ensure_month_partitions('api_requests', $1::date, 1)`, [`${old.toISOString().slice(0, 7)}-01`]).catch(() => undefined);
      const entries = [
        entry(owner.orgId, { at: old.getTime() }),
        entry(owner.orgId, { at: now.getTime() - 91 * DAY }),
        entry(owner.orgId, { at: now.getTime() - 89 * DAY }),
        entry(owner.orgId, { at: now.getTime() - 10 * DAY }),
      ];
      await recordApiRequests(env, { kind: 'api_requests', entries });
      const partitionExists = async () => (await admin.query(`select to_regclass($1) is not null as e`, [`api_requests_${month}`])).rows[0].e as boolean;
      expect(await partitionExists()).toBe(true);

      const outcome = await pruneApiRequests({ ...env, API_REQUEST_LOG_RETENTION_DAYS: '90' } as never, now);
      expect(outcome.dropped).toBeGreaterThanOrEqual(1);
      expect(await partitionExists()).toBe(false);
      const left = (await admin.query(`select id from api_requests where organization_id = $1`, [owner.orgId])).rows.map((r) => r.id);
      expect(left.sort()).toEqual([entries[2]!.id, entries[3]!.id].sort());
      // The month after next has its partition (the job keeps making them).
      const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
      const aheadName = `api_requests_${ahead.getUTCFullYear()}${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
      expect((await admin.query(`select to_regclass($1) is not null as e`, [aheadName])).rows[0].e).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it('sends the requests of one moment in one queue message, and at once when the batch is full', async () => {
    const sent: { entries: ApiRequestEntry[] }[] = [];
    const queue = { send: async (body: { entries: ApiRequestEntry[] }) => void sent.push(body), sendBatch: async () => undefined };
    const stubEnv = { REPLICATION_QUEUE: queue, API_REQUEST_LOG_FLUSH_MS: '20' } as never;
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) enqueueApiRequest(stubEnv, entry('org_batch'), (p) => waits.push(p));
    await Promise.all(waits);
    expect(sent.map((m) => m.entries.length)).toEqual([3]);
    waits.length = 0;
    for (let i = 0; i < MAX_BATCH; i++) enqueueApiRequest(stubEnv, entry('org_batch'), (p) => waits.push(p));
    await Promise.all(waits);
    expect(sent.map((m) => m.entries.length)).toEqual([3, MAX_BATCH]);
  });

  it('makes no entry for anonymous or device requests', () => {
    const context = (vars: Record<string, unknown>) => ({ var: { requestId: 'req-anon-12345', ...vars }, req: { method: 'GET' }, res: { status: 200 } }) as never;
    expect(entryOf(context({}), Date.now(), 1)).toBeNull();
    expect(entryOf(context({ principal: { type: 'device', deviceId: 'dev_1', organizationId: 'org_1' } }), Date.now(), 1)).toBeNull();
    expect(entryOf(context({ actor: { type: 'device', id: 'dev_1', organizationId: 'org_1' } }), Date.now(), 1)).toBeNull();
  });

  it('a request whose log cannot be sent still succeeds', async () => {
    const owner = await signup();
    let attempts = 0;
    const broken = {
      ...env,
      API_REQUEST_LOG_FLUSH_MS: '0',
      REPLICATION_QUEUE: {
        send: async () => {
          attempts += 1;
          throw new Error('queue down');
        },
        sendBatch: async () => {
          throw new Error('queue down');
        },
      },
    } as unknown as Cloudflare.Env;
    const res = await fetchWorker(broken, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}`, { headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(owner.orgId);
    expect(attempts).toBe(1);
  });

  it('answers 503 problem+json with Retry-After while Postgres is away', async () => {
    const owner = await signup();
    const away = { ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } } as unknown as Cloudflare.Env;
    const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/api-requests`, { headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('30');
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(res.body.code).toBe('postgres_unavailable');
  });
});
