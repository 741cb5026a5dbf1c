/**
 * The test environment with every D1 statement, inventory RPC (by method name) and rate-limit binding call counted,
 * for tests that show what a request costs (test/domains/events/hold-hot-path.test.ts, hold-batches.test.ts).
 */
import { env } from 'cloudflare:test';

export type Counts = { d1: string[]; inventory: string[]; upstash: number; bindings: string[] };

/** The test env with every D1 statement, inventory RPC and rate-limit binding call counted. */
export function countingEnv(counts: Counts): Cloudflare.Env {
  const db = new Proxy(env.DB, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'prepare' || prop === 'batch' || prop === 'exec') counts.d1.push(`${String(prop)} ${String(args[0]).slice(0, 60)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const inventory = new Proxy(env.EVENT_INVENTORY, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const stub = (value as (...a: unknown[]) => object).apply(target, args);
        return new Proxy(stub, {
          get(s, method) {
            const fn = Reflect.get(s, method, s);
            if (typeof method !== 'string' || method === 'then' || typeof fn !== 'function') return fn;
            return (...a: unknown[]) => {
              counts.inventory.push(method);
              // Reflect.apply: on an RPC stub, `.apply` itself would be an RPC call.
              return Reflect.apply(fn as (...x: unknown[]) => unknown, s, a);
            };
          },
        });
      };
    },
  });
  const binding = (name: 'BURST_PUBLIC' | 'LIMIT_HOLDS' | 'LIMIT_HOLD') => ({
    limit: (options: { key: string }) => {
      counts.bindings.push(name);
      return env[name].limit(options);
    },
  });
  return { ...env, DB: db, EVENT_INVENTORY: inventory, BURST_PUBLIC: binding('BURST_PUBLIC'), LIMIT_HOLDS: binding('LIMIT_HOLDS'), LIMIT_HOLD: binding('LIMIT_HOLD') } as Cloudflare.Env;
}
