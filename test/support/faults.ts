/**
 * Fault injection for the overload tests: wraps the Worker's bindings so that the Nth call of a kind fails with one of
 * the error shapes Cloudflare documents (src/platform/transient-errors.ts cites the pages), then runs a request
 * through the real Worker (src/index.ts) with that environment. Nothing in production code knows about it.
 *
 * Kinds, and what counts as one call:
 * - `d1`: a statement's run/all/first/raw, a `batch` (one call for the whole batch) or an `exec`;
 * - `durableObject`: an RPC method or fetch on an EventInventory stub;
 * - `queue`: a `send` or `sendBatch` on any producer binding;
 * - `r2`: any method of the FILES bucket;
 * - `upstash`: a fetch to the Upstash REST URL (the limiters' store).
 * `when: 'after'` lets the call happen and then throws (the connection dropped after the platform applied it:
 * "Network connection lost" with the change made) — the case that tests idempotency, not just the answer.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/index';
import { BASE } from './api';

export type FaultKind = 'd1' | 'durableObject' | 'queue' | 'r2' | 'upstash';
export type Fault = { kind: FaultKind; nth: number; error: () => Error; when?: 'before' | 'after'; times?: number };

const flagged = (message: string, flags: Record<string, boolean>) => Object.assign(new Error(message), flags);

/** The documented shapes (messages and properties) of each platform's transient failures. */
export const SHAPES = {
  doOverloaded: () => flagged('Durable Object is overloaded. Too many requests queued.', { overloaded: true }),
  doQueuedTooLong: () => flagged('Durable Object is overloaded. Requests queued for too long.', { overloaded: true }),
  doNetworkLost: () => flagged('Network connection lost.', { retryable: true }),
  doCodeUpdated: () => flagged('Durable Object reset because its code was updated.', { retryable: true, durableObjectReset: true }),
  doStorageTimeout: () => flagged('Durable Object storage operation exceeded timeout which caused object to be reset.', { durableObjectReset: true }),
  d1Busy: () => new Error('D1_ERROR: database is locked: SQLITE_BUSY'),
  d1Overloaded: () => new Error('D1 DB is overloaded. Requests queued for too long.'),
  d1TimedOut: () => new Error('D1_ERROR: Query timed out.'),
  d1NetworkLost: () => new Error('D1_ERROR: Network connection lost.'),
  d1Reset: () => new Error('D1_ERROR: Durable Object reset because its code was updated.'),
  queueDown: () => new Error('Queue send failed: internal error'),
  r2Down: () => new Error('get: We encountered an internal error. Please try again. (10001)'),
  upstashDown: () => new TypeError('Network connection lost.'),
} satisfies Record<string, () => Error>;

export const SHAPES_BY_KIND: Record<FaultKind, (keyof typeof SHAPES)[]> = {
  durableObject: ['doOverloaded', 'doQueuedTooLong', 'doNetworkLost', 'doCodeUpdated', 'doStorageTimeout'],
  d1: ['d1Busy', 'd1Overloaded', 'd1TimedOut', 'd1NetworkLost', 'd1Reset'],
  queue: ['queueDown'],
  r2: ['r2Down'],
  upstash: ['upstashDown'],
};

/** Counts calls per kind and decides which one fails. */
export class FaultPlan {
  readonly calls: Record<FaultKind, number> = { d1: 0, durableObject: 0, queue: 0, r2: 0, upstash: 0 };
  readonly injected: { kind: FaultKind; call: number; message: string }[] = [];
  constructor(readonly faults: Fault[] = []) {}

  /** Runs `call` as the next call of `kind`, failing it when the plan says so. */
  async run<T>(kind: FaultKind, call: () => Promise<T>): Promise<T> {
    const n = ++this.calls[kind];
    const fault = this.faults.find((f) => f.kind === kind && n >= f.nth && n < f.nth + (f.times ?? 1));
    if (!fault) return call();
    const error = fault.error();
    this.injected.push({ kind, call: n, message: error.message });
    if (fault.when === 'after') await call();
    throw error;
  }
}

const STATEMENT_CALLS = ['run', 'all', 'first', 'raw'] as const;

/** The real statement with its executing methods counted (the object stays real, so `batch` accepts it). */
function faultyStatement(stmt: D1PreparedStatement, plan: FaultPlan): D1PreparedStatement {
  const bind = stmt.bind.bind(stmt);
  const patched = stmt as unknown as Record<string, unknown>;
  patched.bind = (...values: unknown[]) => faultyStatement(bind(...values), plan);
  for (const name of STATEMENT_CALLS) {
    const original = (stmt[name] as (...a: unknown[]) => Promise<unknown>).bind(stmt);
    patched[name] = (...args: unknown[]) => plan.run('d1', () => original(...args));
  }
  return stmt;
}

function faultyD1(db: D1Database, plan: FaultPlan): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => faultyStatement(target.prepare(sql), plan);
      if (prop === 'batch') return (stmts: D1PreparedStatement[]) => plan.run('d1', () => target.batch(stmts));
      if (prop === 'exec') return (sql: string) => plan.run('d1', () => target.exec(sql));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function faultyStub<T extends object>(stub: T, plan: FaultPlan): T {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof prop !== 'string' || prop === 'then' || typeof value !== 'function') return value;
      // target[prop](...), never .apply: on an RPC stub `apply` is an RPC method name too.
      return (...args: unknown[]) => plan.run('durableObject', () => (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop]!(...args));
    },
  });
}

function faultyNamespace<N extends object>(ns: N, plan: FaultPlan): N {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop === 'get' || prop === 'getByName') return (...args: unknown[]) => faultyStub(Reflect.apply(value as (...a: unknown[]) => object, target, args), plan);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function faultyQueue(queue: Queue, plan: FaultPlan): Queue {
  return {
    send: (body, options) => plan.run('queue', () => queue.send(body, options)),
    sendBatch: (messages, options) => plan.run('queue', () => queue.sendBatch(messages, options)),
  } as Queue;
}

function faultyBucket(bucket: R2Bucket, plan: FaultPlan): R2Bucket {
  return new Proxy(bucket, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => plan.run('r2', () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

const QUEUE_BINDINGS = ['NOTIFICATIONS_QUEUE', 'WEBHOOKS_QUEUE', 'EXPORTS_QUEUE', 'ANALYTICS_QUEUE'] as const;

/** The test environment with every binding wrapped by `plan`. */
export function faultyEnv(plan: FaultPlan, base: Cloudflare.Env = env): Cloudflare.Env {
  const wrapped: Record<string, unknown> = { ...base };
  wrapped.DB = faultyD1(base.DB, plan);
  wrapped.EVENT_INVENTORY = faultyNamespace(base.EVENT_INVENTORY, plan);
  for (const name of QUEUE_BINDINGS) wrapped[name] = faultyQueue(base[name], plan);
  wrapped.FILES = faultyBucket(base.FILES, plan);
  return wrapped as unknown as Cloudflare.Env;
}

export type FaultyResponse = { status: number; headers: Headers; body: any; text: string; plan: FaultPlan };

/**
 * Sends a request through the Worker with `faults` injected, waits for its background work (waitUntil: the outbox
 * pump, a payment page's webhook) under the same plan, and gives back the answer and the plan (calls, what failed).
 */
export async function callWithFaults(
  request: Request | { method: string; path: string; body?: unknown; token?: string; headers?: Record<string, string> },
  faults: Fault[] = [],
  /** Bindings to replace before wrapping (e.g. a broken fallback counter). */
  overrides: Partial<Record<keyof Cloudflare.Env, unknown>> = {},
): Promise<FaultyResponse> {
  const plan = new FaultPlan(faults);
  const req = request instanceof Request ? request : toRequest(request);
  const realFetch = globalThis.fetch;
  const upstash = env.UPSTASH_REDIS_REST_URL;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(upstash) ? plan.run('upstash', () => realFetch(input, init)) : realFetch(input, init);
  }) as typeof fetch;
  try {
    const ctx = createExecutionContext();
    const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], faultyEnv(plan, { ...env, ...overrides } as Cloudflare.Env), ctx);
    const text = await res.text();
    await waitOnExecutionContext(ctx);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body, text, plan };
  } finally {
    globalThis.fetch = realFetch;
  }
}

function toRequest(r: { method: string; path: string; body?: unknown; token?: string; headers?: Record<string, string> }): Request {
  const headers = new Headers(r.headers);
  if (r.token) headers.set('Authorization', `Bearer ${r.token}`);
  if (r.body !== undefined) headers.set('Content-Type', 'application/json');
  return new Request(`${BASE}${r.path}`, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
}
