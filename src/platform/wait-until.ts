/** The request's `waitUntil`, or undefined when there is no execution context (a direct `app.request` in tests). */
import type { Context } from 'hono';

export function waitUntilOf(c: Context): ((p: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (p) => ctx.waitUntil(p);
  } catch {
    // Hono throws when the request came without one: background writes are then awaited by their callers.
    return undefined;
  }
}
