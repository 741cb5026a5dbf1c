/**
 * Which URLs an endpoint may have: https only, with no credentials in them. On a development or test
 * deployment (APP_ENV exactly `development`/`test`), plain http to this machine (127.0.0.1, localhost, [::1])
 * is allowed too, for local receivers and tests. Everywhere else (production, and any other APP_ENV) an IP
 * literal in a private, loopback, link-local, shared (CGNAT), unique-local or otherwise non-public range is
 * refused, as is `localhost` and its subdomains.
 */
import { isDevelopmentLike } from '../../platform/app-env';
import { nonPublicHostProblem } from '../../platform/hosts';

export const MAX_URL_LENGTH = 2048;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `raw` cannot be an endpoint URL, or null when it can. */
export function webhookUrlProblem(raw: string, appEnv: string | undefined): string | null {
  if (raw.length > MAX_URL_LENGTH) return `Use at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute URL such as https://example.com/webhooks';
  }
  if (url.username || url.password) return 'Must not contain a user name or password';
  const production = !isDevelopmentLike(appEnv);
  const host = url.hostname.toLowerCase();
  if (!production && LOCAL_HOSTS.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
  if (url.protocol !== 'https:') return production ? 'Must use https' : 'Must use https (plain http only to 127.0.0.1 or localhost on a development or test deployment)';
  if (!production) return null;
  return nonPublicHostProblem(host);
}
