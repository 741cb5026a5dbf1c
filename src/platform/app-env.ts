/**
 * Which deployment this is. Dev conveniences (the test payment provider, the mailbox, plain-http and private
 * webhook targets, test clocks) are on ONLY for an explicit `development` or `test`; anything else — `production`,
 * a typo, an empty value — gets the production behaviour. The configuration check (config.ts) refuses to serve
 * with an APP_ENV outside APP_ENVS at all.
 */
import type { MiddlewareHandler } from 'hono';
import { NotFoundError } from './errors';

export const APP_ENVS = ['development', 'test', 'production'] as const;
export type AppEnvName = (typeof APP_ENVS)[number];

const DEVELOPMENT_LIKE: ReadonlySet<string> = new Set(['development', 'test']);

/** True only for APP_ENV `development` or `test`: the one switch for every dev-only behaviour. */
export function isDevelopmentLike(env: { APP_ENV?: string } | string | undefined | null): boolean {
  const value = typeof env === 'string' ? env : env?.APP_ENV;
  return value !== undefined && DEVELOPMENT_LIKE.has(value);
}

/** Route middleware for what exists only on a development/test deployment (the mailboxes): anywhere else, 404. */
export function developmentOnly(): MiddlewareHandler {
  return async function developmentOnlyMiddleware(c, next) {
    if (!isDevelopmentLike(c.env as { APP_ENV?: string })) throw new NotFoundError('Route');
    await next();
  };
}
