/**
 * Bad input across the whole API, walked over the OpenAPI document: malformed JSON, wrong types,
 * missing fields, wrong content types, oversized bodies, bad query values and unknown ids all get a
 * 4xx application/problem+json with a useful message; never a 5xx, and nothing is written.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, type ApiResponse } from './support/api';
import { fetchDocument, fillPath, label, operations, type Operation } from './support/openapi-walk';
import { buildTenant, mailQuiet, platformUser, tokenFor, type Tenant } from './support/tenant-fixtures';
import type { SignedUp } from './support/api';

let ops: Operation[];
let t: Tenant;
let operator: SignedUp;

function expectProblem(o: Operation, what: string, res: ApiResponse, status?: number | number[]) {
  const where = `${label(o)} — ${what}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  if (status !== undefined) expect([status].flat(), `${where}: got ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
  expect(res.headers.get('Content-Type'), where).toContain('application/problem+json');
  expect(res.body, where).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  expect(res.body.detail.length, where).toBeGreaterThan(5);
}

/**
 * The walks send a dozen bodies to every operation with one (hundreds of requests): on two shared cores, with the
 * replication and request-log consumers working in the background, that can take past the default 30 s.
 */
const WALK_TIMEOUT_MS = 120_000;

/** Every row of every table: bad input must leave all of them exactly as they were. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'").all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of tables.results) counts[name] = (await env.DB.prepare(`select count(*) as n from "${name}"`).first<{ n: number }>())!.n;
  return counts;
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not-a-number';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not-an-array';
  return 'not-an-object';
}

const call = (o: Operation, init: { body?: unknown; rawBody?: BodyInit; headers?: Record<string, string>; ids?: Record<string, string>; query?: string }) =>
  api(o.method, fillPath(o.route, init.ids ?? t.ids) + (init.query ?? ''), {
    token: o.isPublic ? undefined : tokenFor(o, t, operator),
    body: init.body,
    rawBody: init.rawBody,
    headers: init.headers,
  });

/** Body fields people type and others read: names, labels, descriptions, reasons, address lines, email templates. */
const TEXT_FIELD = /^(name|\w+Name|description|reason|subject|body|line1|line2|city|region|vatNumber)$/;

/** Every string at a text field's key in an example body, with its path (nested objects included). */
function textFields(value: unknown, path: string[] = []): [string[], string][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, v]): [string[], string][] =>
    typeof v === 'string' && TEXT_FIELD.test(key) ? [[[...path, key], v]] : textFields(v, [...path, key]),
  );
}

function withValue(body: unknown, path: string[], text: string): unknown {
  const copy = structuredClone(body) as Record<string, any>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = text;
  return copy;
}

beforeAll(async () => {
  ops = operations(await fetchDocument());
  t = await buildTenant('bad-input');
  // An admin: some platform operations are for admins only, and a refusal would hide the answer under test.
  operator = await platformUser('is_platform_admin');
  await mailQuiet(t.ids.orgId!);
}, 300_000);

describe('bad input, walked over the OpenAPI document', () => {
  it('refuses every kind of broken body with a 4xx problem and writes nothing', async () => {
    const withBody = ops.filter((o) => o.bodySchema);
    expect(withBody.length).toBeGreaterThan(10);
    const before = await tableCounts();
    for (const o of withBody) {
      const json = { 'Content-Type': 'application/json' };
      expectProblem(o, 'malformed JSON', await call(o, { rawBody: '{"broken": ', headers: json }), 400);
      expectProblem(o, 'empty body', await call(o, { rawBody: '', headers: json }), [400, 422]);
      expectProblem(o, 'JSON null', await call(o, { rawBody: 'null', headers: json }), 422);
      expectProblem(o, 'JSON array', await call(o, { body: [o.body] }), 422);
      expectProblem(o, 'form-encoded body', await call(o, { rawBody: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415);
      const maxBytes: number = o.op['x-max-body-bytes'] ?? 1_048_576;
      expectProblem(o, 'oversized body', await call(o, { body: { ...o.body, padding: 'x'.repeat(maxBytes + 100_000) } }), 413);
      expectProblem(o, 'unknown field', await call(o, { body: { ...o.body, unexpectedField: true } }), 422);
      if ((o.bodySchema!.required ?? []).length > 0) {
        const res = await call(o, { body: {} });
        expectProblem(o, 'missing fields', res, 422);
        for (const field of o.bodySchema!.required as string[]) {
          expect(res.body.errors.map((e: { path: string }) => e.path), `${label(o)} names missing ${field}`).toContain(`body.${field}`);
        }
      }
      for (const [field, value] of Object.entries(o.body ?? {})) {
        const res = await call(o, { body: { ...o.body, [field]: wrongTypeFor(value) } });
        expectProblem(o, `wrong type for ${field}`, res, 422);
        expect(res.body.errors.map((e: { path: string }) => e.path), `${label(o)} names ${field}`).toContain(`body.${field}`);
      }
    }
    expect(await tableCounts()).toEqual(before);
  }, WALK_TIMEOUT_MS);

  it('refuses a NUL or a right-to-left override in every name and free-text field, naming the field, and writes nothing', async () => {
    const before = await tableCounts();
    let checked = 0;
    for (const o of ops.filter((o) => o.body && typeof o.body === 'object')) {
      for (const [path, value] of textFields(o.body)) {
        for (const bad of ['\u0000', '\u202E']) {
          const res = await call(o, { body: withValue(o.body, path, `${value.slice(0, 3)}${bad}${value.slice(3)}`) });
          expectProblem(o, `${JSON.stringify(bad)} in ${path.join('.')}`, res, 422);
          expect(res.body.errors.map((e: { path: string }) => e.path), `${label(o)} names ${path.join('.')}`).toContain(`body.${path.join('.')}`);
          checked++;
        }
      }
    }
    // Names of organizations, people, events, venues, gates, devices, keys, templates, reasons…: not a vacuous walk.
    expect(checked).toBeGreaterThan(40);
    expect(await tableCounts()).toEqual(before);
  }, WALK_TIMEOUT_MS);

  it('answers 404 problems for unknown ids in every path', async () => {
    const before = await tableCounts();
    for (const o of ops.filter((o) => o.params.length > 0)) {
      for (const param of o.params) {
        const res = await call(o, { body: o.body, ids: { ...t.ids, [param]: `${param.replace(/Id$/, '')}_01doesnotexist00000000000` } });
        // An id nobody has is 404; a value outside a fixed set (an enum) is a validation error naming the parameter.
        expectProblem(o, `unknown ${param}`, res, o.recordParams.includes(param) ? 404 : 422);
      }
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses out-of-range and malformed query values with field errors', async () => {
    const paged = ops.filter((o) => (o.op.parameters ?? []).some((p: { name: string; in: string }) => p.in === 'query' && p.name === 'limit'));
    expect(paged.length).toBeGreaterThan(3);
    const hasCursor = (o: (typeof ops)[number]) => (o.op.parameters ?? []).some((p: { name: string; in: string }) => p.in === 'query' && p.name === 'cursor');
    for (const o of paged) {
      // A top-N list (a limit, no pages) has no cursor to refuse.
      for (const query of ['?limit=abc', '?limit=0', '?limit=100000', ...(hasCursor(o) ? [`?cursor=${'x'.repeat(200)}`] : [])]) {
        const res = await call(o, { query });
        expectProblem(o, query, res, 422);
        expect(res.body.errors[0].path, `${label(o)} ${query}`).toMatch(/^query\./);
      }
    }
  });

  it('refuses malformed credentials with 401 problems, never 500', async () => {
    for (const o of ops.filter((o) => !o.isPublic)) {
      for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not.a.jwt', 'Bearer vge_unknown_key', 'Bearer vgd_unknown_device', `Bearer ${'a'.repeat(5000)}`]) {
        const res = await api(o.method, fillPath(o.route, t.ids), { headers: { Authorization: authorization }, body: o.body });
        expectProblem(o, `Authorization: ${authorization.slice(0, 30)}`, res, 401);
      }
    }
  });
});
