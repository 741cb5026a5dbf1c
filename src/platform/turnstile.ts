/**
 * Cloudflare Turnstile (docs/waiting-room.md, "Bots"): verifies a widget token with siteverify under TURNSTILE_SECRET.
 *
 * Cloudflare documents dummy secrets for testing (https://developers.cloudflare.com/turnstile/troubleshooting/testing/):
 * `1x0000000000000000000000000000000AA` always passes, `2x0000000000000000000000000000000AA` always fails and
 * `3x0000000000000000000000000000000AA` answers "token already spent". This machine has no internet, so on a
 * development/test deployment (isDevelopmentLike) the adapter answers those itself, as Cloudflare documents them; any
 * other secret, and every secret in production, goes to siteverify. The production configuration check refuses a
 * dummy secret and a dummy site key, and requires both (config.ts). No secret at all: not checked on development/test; refused in production (fail closed).
 */
import { isDevelopmentLike } from './app-env';

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

export const TURNSTILE_TEST_SECRETS = {
  pass: '1x0000000000000000000000000000000AA',
  fail: '2x0000000000000000000000000000000AA',
  spent: '3x0000000000000000000000000000000AA',
} as const;

export const isTurnstileTestSecret = (secret: string) => /^[123]x0+AA$/.test(secret);

/**
 * Cloudflare's documented test site keys (same page): `1x00000000000000000000AA` / `…BB` always pass (visible /
 * invisible), `2x00000000000000000000AB` / `…BB` always fail, `3x00000000000000000000FF` forces an interactive
 * challenge. A widget under one of them proves nothing about the visitor: development/test only.
 */
export const TURNSTILE_TEST_SITE_KEYS = ['1x00000000000000000000AA', '2x00000000000000000000AB', '1x00000000000000000000BB', '2x00000000000000000000BB', '3x00000000000000000000FF'] as const;
export const isTurnstileTestSiteKey = (key: string) => /^[123]x0+[A-F]{2}$/.test(key.trim());

export type TurnstileVerdict = { success: boolean; errorCodes: string[] };

type TurnstileEnv = { APP_ENV?: string; TURNSTILE_SECRET?: string };

export async function verifyTurnstile(
  env: TurnstileEnv,
  token: string | undefined,
  ip: string | null,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): Promise<TurnstileVerdict> {
  const secret = env.TURNSTILE_SECRET;
  const dev = isDevelopmentLike(env);
  if (!secret) return dev ? { success: true, errorCodes: [] } : { success: false, errorCodes: ['missing-input-secret'] };
  if (!token) return { success: false, errorCodes: ['missing-input-response'] };
  if (dev && isTurnstileTestSecret(secret)) {
    if (secret === TURNSTILE_TEST_SECRETS.pass) return { success: true, errorCodes: [] };
    if (secret === TURNSTILE_TEST_SECRETS.spent) return { success: false, errorCodes: ['timeout-or-duplicate'] };
    return { success: false, errorCodes: ['invalid-input-response'] };
  }
  const body = new FormData();
  body.set('secret', secret);
  body.set('response', token);
  if (ip) body.set('remoteip', ip);
  body.set('idempotency_key', crypto.randomUUID());
  try {
    const res = await fetcher(SITEVERIFY_URL, { method: 'POST', body });
    const answer = (await res.json()) as { success?: unknown; 'error-codes'?: unknown };
    const errorCodes = Array.isArray(answer['error-codes']) ? answer['error-codes'].map(String) : [];
    return { success: res.ok && answer.success === true, errorCodes };
  } catch {
    // Siteverify unreachable: refused (a bot must not get in because Cloudflare's API is slow).
    return { success: false, errorCodes: ['internal-error'] };
  }
}
