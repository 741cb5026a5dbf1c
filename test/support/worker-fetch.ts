/**
 * One request through the real Worker (src/index.ts) with an environment of the test's choosing (a counting or
 * faulty binding), its background work (waitUntil) awaited, its JSON answer read.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/index';

export async function fetchWorker(env: Cloudflare.Env, request: Request): Promise<{ status: number; headers: Headers; body: any }> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body };
}
