/** Request body size limit: refuses oversized bodies with 413 before any handler reads them. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from './errors';

export type BodyLimitOptions = { maxBytes: (env: Cloudflare.Env) => number };

export function bodyLimit({ maxBytes }: BodyLimitOptions): MiddlewareHandler {
  return async function bodyLimitMiddleware(c, next) {
    const max = maxBytes(c.env);
    return honoBodyLimit({
      maxSize: max,
      onError: () => {
        throw new PayloadTooLargeError(max);
      },
    })(c, next);
  };
}
