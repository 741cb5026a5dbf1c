/**
 * The typed API client every web app uses: openapi-fetch over the types openapi-typescript generates from the
 * server's own OpenAPI document (docs/openapi.json → schema.d.ts, `npm run docs:generate`). A path, parameter or
 * body the server does not accept is a type error in the web build.
 *
 * Sessions ride the HttpOnly cookie the server sets at login; requests that change data echo the readable
 * `vge_csrf` cookie in `X-CSRF-Token` (double submit, see src/platform/session.ts). Errors arrive as
 * application/problem+json and are thrown as ApiError, whose field errors forms show beside their fields.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

export type FieldError = { path: string; message: string; code?: string };
export type Problem = { type?: string; title: string; status: number; detail?: string; code?: string; requestId?: string; errors?: FieldError[] };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** Field errors keyed by the field's path inside the body ("body.email" → "email"; "query.q" → "q"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^(body|query|param|params|path)\./, '');
      out[key] ??= e.message;
    }
    return out;
  }
}

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who is calling: the signed-in organizer (cookie), or a scanner device (Bearer device token). */
let bearer: string | undefined;
export function useBearerToken(token: string | undefined) {
  bearer = token;
}

/** Called when the session is gone (401 on a cookie request): the admin app sends the user to the login page. */
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(fn: (() => void) | undefined) {
  onUnauthorized = fn;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
    else if (MUTATING.has(request.method)) {
      const csrf = readCookie('vge_csrf');
      if (csrf) request.headers.set('X-CSRF-Token', csrf);
    }
    return request;
  },
  async onResponse({ response, request }) {
    if (response.status === 401 && !bearer && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) onUnauthorized?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin, credentials: 'same-origin' });
api.use(auth);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch result: the data, or an ApiError with the server's problem (a network failure is status 0). */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (e) {
    throw new ApiError({ title: 'Network error', status: 0, detail: e instanceof Error ? e.message : String(e), code: 'network' });
  }
  if (result.response.ok) return result.data as T;
  throw toApiError(result.error, result.response);
}

/** Anything a request threw, as an ApiError (a network failure or a bug: status 0, its message as the title). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 });
}

export function toApiError(body: unknown, response: Response): ApiError {
  if (body && typeof body === 'object' && 'title' in body) return new ApiError(body as Problem);
  return new ApiError({ title: response.statusText || 'Request failed', status: response.status, detail: typeof body === 'string' ? body : undefined });
}

/** A fresh Idempotency-Key for one user action: a retried click sends the same key, a new action a new one. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** Money is integer minor units with a currency code (docs/pricing.md); shown in the viewer's locale. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** Parses "12.50" as minor units for a currency without floats creeping into the stored amount. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(digits, '0');
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (digits ? Number(frac) : 0);
}

/** A UTC instant shown in a venue's timezone (events display in the venue's timezone). */
export function formatInZone(iso: string, timeZone: string, locale?: string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone }).format(new Date(iso));
}
