/** Request id middleware: keeps a well-formed incoming X-Request-Id (or cf-ray), else mints one, and echoes it. */
import type { MiddlewareHandler } from 'hono';

export type RequestIdOptions = { headerName?: string };

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId({ headerName = 'X-Request-Id' }: RequestIdOptions = {}): MiddlewareHandler {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header(headerName);
    const id = incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.header(headerName, id);
  };
}
