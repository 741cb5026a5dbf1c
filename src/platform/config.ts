/**
 * The configuration check: a pure function over the Worker's env (vars and secrets) that lists what makes this
 * deployment unsafe to serve. On a production deployment every dev-only setting is a problem (the mailbox, the test
 * payment provider and its secret, a loopback/private Upstash URL, a plain-http APP_URL) and so is a missing,
 * short or placeholder secret; an APP_ENV outside `development`/`test`/`production` is a problem everywhere.
 *
 * src/index.ts runs it on the first request (fetch, queue, scheduled) and refuses to serve while it finds any
 * (503 with Retry-After, the problems logged by NAME — a value never reaches a log). `npm run build` and `npm test`
 * run it against wrangler.toml's `[env.production]` through tools/check-config.ts (VARIABLE rules only: secrets
 * live in Cloudflare, so the tool checks that every secret a rule needs is declared in `secrets.required`).
 * docs/operations.md lists every rule.
 */
import { passwordHashConfigProblem } from './crypto';
import { nonPublicHostProblem } from './hosts';
import { APP_ENVS, isDevelopmentLike } from './app-env';
import { LIVE_SETTINGS, liveSetting } from '../../durable-objects/relay/config';
import { isTurnstileTestSecret, isTurnstileTestSiteKey } from './turnstile';

export type ConfigProblem = { name: string; problem: string };

type EnvLike = Record<string, unknown>;

/** Secrets every production deployment needs, each at least this long (random bytes, base64/hex). */
export const REQUIRED_SECRETS: Readonly<Record<string, number>> = {
  JWT_SECRET: 32,
  TICKET_KEY_SECRET: 32,
  FILES_SIGNING_SECRET: 32,
  WEBHOOK_SECRET_KEY: 32,
  UPSTASH_REDIS_REST_TOKEN: 32,
};

/** Secrets a provider needs when it is the one configured. */
export const PROVIDER_SECRETS = {
  stripe: { STRIPE_SECRET_KEY: /^(sk|rk)_live_[A-Za-z0-9]{16,}$/, STRIPE_WEBHOOK_SECRET: /^whsec_[A-Za-z0-9+/=]{16,}$/ },
  resend: { EMAIL_API_KEY: /^re_[A-Za-z0-9_]{16,}$/ },
  clickatell: { SMS_API_KEY: /^[A-Za-z0-9_\-=+/]{20,}$/ },
  cloud_api: { WHATSAPP_ACCESS_TOKEN: /^EA[A-Za-z0-9]{30,}$/ },
} as const;

/** Values that are obviously not a real secret: the repo's examples, test fixtures and placeholders. */
const PLACEHOLDER = /change[-_ ]?me|dev[-_]only|placeholder|not[-_]a[-_]real|example|dummy|^(dev|test)[-_]|^(.)\2+$|^(secret|password|token)$/i;

const str = (env: EnvLike, name: string): string | undefined => {
  const v = env[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** Variable rules: what a production deployment's vars must (not) say. Secrets are checked by `secretProblems`. */
export function varProblems(env: EnvLike): ConfigProblem[] {
  const appEnv = str(env, 'APP_ENV');
  if (!appEnv || !(APP_ENVS as readonly string[]).includes(appEnv)) {
    return [{ name: 'APP_ENV', problem: `must be one of ${APP_ENVS.join(', ')}` }];
  }
  const problems: ConfigProblem[] = [];
  const add = (name: string, problem: string) => problems.push({ name, problem });
  // A cheap password hash is for test runs only, on every deployment.
  const hashCost = passwordHashConfigProblem({ APP_ENV: appEnv, PASSWORD_HASH_COST: str(env, 'PASSWORD_HASH_COST') });
  if (hashCost) add('PASSWORD_HASH_COST', hashCost);
  if (isDevelopmentLike(appEnv)) return problems;

  // The live channel's sizes: a typo would silently fall back to a default (durable-objects/relay/config.ts).
  for (const name of Object.keys(LIVE_SETTINGS) as (keyof typeof LIVE_SETTINGS)[]) {
    const problem = liveSetting(name, env[name]).problem;
    if (problem) add(name, problem);
  }

  const email = str(env, 'EMAIL_PROVIDER');
  if (email === 'mailbox') add('EMAIL_PROVIDER', 'the mailbox keeps mail in the database instead of sending it: development/test only');
  else if (email !== 'resend') add('EMAIL_PROVIDER', 'must be "resend" in production');

  // SMS and WhatsApp (src/domains/notifications/phone-providers.ts): a real gateway or "none" (the channel is off);
  // the outbox keeps messages in D1 instead of sending them.
  const sms = str(env, 'SMS_PROVIDER') ?? 'none';
  if (sms === 'outbox') add('SMS_PROVIDER', 'the outbox keeps SMS in the database instead of sending them: development/test only');
  else if (sms !== 'clickatell' && sms !== 'none') add('SMS_PROVIDER', 'must be "clickatell" or "none" in production');
  const whatsapp = str(env, 'WHATSAPP_PROVIDER') ?? 'none';
  if (whatsapp === 'outbox') add('WHATSAPP_PROVIDER', 'the outbox keeps WhatsApp messages in the database instead of sending them: development/test only');
  else if (whatsapp !== 'cloud_api' && whatsapp !== 'none') add('WHATSAPP_PROVIDER', 'must be "cloud_api" or "none" in production');
  else if (whatsapp === 'cloud_api') {
    if (!/^\d{6,20}$/.test(str(env, 'WHATSAPP_PHONE_NUMBER_ID') ?? '') && !/^REPLACE-WITH-/.test(str(env, 'WHATSAPP_PHONE_NUMBER_ID') ?? '')) add('WHATSAPP_PHONE_NUMBER_ID', 'must be the WhatsApp Business phone number id (digits) when WHATSAPP_PROVIDER is "cloud_api"');
    const version = str(env, 'WHATSAPP_API_VERSION');
    if (version !== undefined && !/^v\d{1,3}\.\d$/.test(version)) add('WHATSAPP_API_VERSION', 'must look like "v21.0"');
  }

  const payment = str(env, 'PAYMENT_PROVIDER');
  if (payment === 'test' || payment === undefined) add('PAYMENT_PROVIDER', 'the test payment provider takes no money: development/test only');
  else if (payment !== 'stripe') add('PAYMENT_PROVIDER', 'must be "stripe" in production');

  const upstash = str(env, 'UPSTASH_REDIS_REST_URL');
  const upstashUrl = upstash ? safeUrl(upstash) : null;
  if (!upstashUrl) add('UPSTASH_REDIS_REST_URL', 'must be set to the Upstash REST URL');
  else if (upstashUrl.protocol !== 'https:') add('UPSTASH_REDIS_REST_URL', 'must use https');
  else if (nonPublicHostProblem(upstashUrl.hostname)) add('UPSTASH_REDIS_REST_URL', 'points at a loopback or private address (the local bridge): development/test only');

  // The storefront's Turnstile widget (web/src/store/Turnstile.tsx): without a site key the storefront sends the dummy
  // token, which production's siteverify refuses — every buyer would be turned away. A documented test key proves nothing.
  const siteKey = str(env, 'TURNSTILE_SITE_KEY')?.trim();
  if (!siteKey) add('TURNSTILE_SITE_KEY', 'is not set (the storefront shows the Turnstile widget with it; without one every join and hold is refused)');
  else if (isTurnstileTestSiteKey(siteKey)) add('TURNSTILE_SITE_KEY', 'is one of Cloudflare’s documented test site keys: development/test only');

  const app = str(env, 'APP_URL');
  const appUrl = app ? safeUrl(app) : null;
  if (!appUrl) add('APP_URL', 'must be set to the public https URL of the deployment');
  else if (appUrl.protocol !== 'https:') add('APP_URL', 'must use https');
  else if (nonPublicHostProblem(appUrl.hostname)) add('APP_URL', 'must be a public host');

  return problems;
}

/** Names of the secrets a production deployment with these vars needs. */
export function requiredSecretNames(env: EnvLike): string[] {
  const names = [...Object.keys(REQUIRED_SECRETS), 'TURNSTILE_SECRET'];
  if (str(env, 'PAYMENT_PROVIDER') === 'stripe') names.push(...Object.keys(PROVIDER_SECRETS.stripe));
  if (str(env, 'EMAIL_PROVIDER') === 'resend') names.push(...Object.keys(PROVIDER_SECRETS.resend));
  if (str(env, 'SMS_PROVIDER') === 'clickatell') names.push(...Object.keys(PROVIDER_SECRETS.clickatell));
  if (str(env, 'WHATSAPP_PROVIDER') === 'cloud_api') names.push(...Object.keys(PROVIDER_SECRETS.cloud_api));
  return names;
}

/** Secret rules (production only): present, long enough, not a placeholder; the test provider's secret absent. */
export function secretProblems(env: EnvLike): ConfigProblem[] {
  if (isDevelopmentLike(str(env, 'APP_ENV'))) return [];
  const problems: ConfigProblem[] = [];
  for (const [name, min] of Object.entries(REQUIRED_SECRETS)) {
    const value = str(env, name);
    if (!value) problems.push({ name, problem: 'is not set' });
    else if (value.length < min) problems.push({ name, problem: `is shorter than ${min} characters` });
    else if (PLACEHOLDER.test(value)) problems.push({ name, problem: 'is a placeholder or example value' });
  }
  const providers: [string | undefined, Record<string, RegExp>][] = [
    [str(env, 'PAYMENT_PROVIDER') === 'stripe' ? 'stripe' : undefined, PROVIDER_SECRETS.stripe],
    [str(env, 'EMAIL_PROVIDER') === 'resend' ? 'resend' : undefined, PROVIDER_SECRETS.resend],
    [str(env, 'SMS_PROVIDER') === 'clickatell' ? 'clickatell' : undefined, PROVIDER_SECRETS.clickatell],
    [str(env, 'WHATSAPP_PROVIDER') === 'cloud_api' ? 'cloud_api' : undefined, PROVIDER_SECRETS.cloud_api],
  ];
  for (const [active, secrets] of providers) {
    if (!active) continue;
    for (const [name, shape] of Object.entries(secrets)) {
      const value = str(env, name);
      if (!value) problems.push({ name, problem: `is not set (${active} is the configured provider)` });
      else if (PLACEHOLDER.test(value.replace(/^(sk|rk|re|whsec)_(live_)?/, ''))) problems.push({ name, problem: 'is a placeholder or example value' });
      else if (!shape.test(value)) problems.push({ name, problem: name === 'STRIPE_SECRET_KEY' ? 'must be a live-mode key (sk_live_… or rk_live_…)' : 'does not have the provider’s key format' });
    }
  }
  // The waiting room's bot check (src/platform/turnstile.ts): Cloudflare's documented dummy secrets pass or fail everyone.
  const turnstile = str(env, 'TURNSTILE_SECRET');
  if (!turnstile) problems.push({ name: 'TURNSTILE_SECRET', problem: 'is not set (the waiting room checks joins, and holds without a room, with Turnstile)' });
  else if (isTurnstileTestSecret(turnstile)) problems.push({ name: 'TURNSTILE_SECRET', problem: 'is one of Cloudflare’s documented test secrets: development/test only' });
  if (str(env, 'TEST_PROVIDER_WEBHOOK_SECRET')) problems.push({ name: 'TEST_PROVIDER_WEBHOOK_SECRET', problem: 'turns on the test payment provider: never set it in production' });
  return problems;
}

/**
 * Rules for the running Worker only: wrangler.toml's `[env.production]` keeps `REPLACE-WITH-…` placeholders until the
 * operator fills them in (tools/check-config.ts refuses them with `--deploy`), so the build check cannot hold them
 * against the file; a deployment that still carries one must not serve.
 */
export function deployedVarProblems(env: EnvLike): ConfigProblem[] {
  if (isDevelopmentLike(str(env, 'APP_ENV'))) return [];
  const problems: ConfigProblem[] = [];
  for (const name of ['TURNSTILE_SITE_KEY', 'WHATSAPP_PHONE_NUMBER_ID']) {
    const value = str(env, name);
    if (value && /REPLACE-WITH-/.test(value)) problems.push({ name, problem: 'is still a placeholder (docs/operations.md)' });
  }
  return problems;
}

/** Everything wrong with this env; empty means it may serve. */
export function configProblems(env: EnvLike): ConfigProblem[] {
  const vars = varProblems(env);
  if (vars.some((p) => p.name === 'APP_ENV')) return vars;
  return [...vars, ...deployedVarProblems(env), ...secretProblems(env)];
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
