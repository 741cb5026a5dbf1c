/**
 * `npm run check:config`: the configuration check (src/platform/config.ts) against wrangler.toml's
 * `[env.production]` before anything is built or deployed. Secrets live in Cloudflare, not in the file, so this
 * checks the VARIABLE rules, that every secret the rules need is declared in `[env.production.secrets] required`
 * (wrangler then refuses a deploy that lacks one), that no secret is written down as a plain var, and that no id is
 * still an unreplaced placeholder when asked to (`--deploy`). The Worker runs the full check, secrets included, on
 * its first request. Usage: tsx tools/check-config.ts [--env production] [--config wrangler.toml] [--deploy]
 */
import { unstable_readConfig } from 'wrangler';
import { isDevelopmentLike } from '../src/platform/app-env';
import { REQUIRED_SECRETS, requiredSecretNames, varProblems, type ConfigProblem } from '../src/platform/config';

export function checkDeclaredConfig(config: {
  vars?: Record<string, unknown>;
  secrets?: { required?: string[] };
  d1_databases?: { database_id?: string }[];
  hyperdrive?: { id?: string }[];
}, options: { deploy?: boolean } = {}): ConfigProblem[] {
  const vars = config.vars ?? {};
  const problems = [...varProblems(vars)];
  const declared = new Set(config.secrets?.required ?? []);
  for (const name of isDevelopmentLike(vars as { APP_ENV?: string }) ? [] : requiredSecretNames(vars)) {
    if (!declared.has(name)) problems.push({ name, problem: 'is not declared in secrets.required' });
  }
  const secretNames = new Set([...Object.keys(REQUIRED_SECRETS), 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'EMAIL_API_KEY', 'SMS_API_KEY', 'WHATSAPP_ACCESS_TOKEN', 'TEST_PROVIDER_WEBHOOK_SECRET', 'TURNSTILE_SECRET']);
  for (const name of Object.keys(vars)) {
    if (secretNames.has(name)) problems.push({ name, problem: 'is a secret: set it with `wrangler secret put`, never as a var in wrangler.toml' });
  }
  if (declared.has('TEST_PROVIDER_WEBHOOK_SECRET')) problems.push({ name: 'TEST_PROVIDER_WEBHOOK_SECRET', problem: 'turns on the test payment provider: never require it in production' });
  if (options.deploy) {
    const placeholders = [...Object.entries(vars).map(([k, v]) => [k, String(v)] as const), ...(config.d1_databases ?? []).map((d) => ['d1_databases.database_id', String(d.database_id)] as const), ...(config.hyperdrive ?? []).map((h) => ['hyperdrive.id', String(h.id)] as const)];
    for (const [name, value] of placeholders) if (/REPLACE-WITH-/.test(value)) problems.push({ name, problem: 'is still a placeholder (docs/operations.md)' });
  }
  return problems;
}

async function main() {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : fallback);
  const env = arg('--env', 'production');
  const configPath = arg('--config', 'wrangler.toml');
  const config = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
  const problems = checkDeclaredConfig(config as never, { deploy: args.includes('--deploy') });
  if (problems.length) {
    console.error(`Configuration check failed for [env.${env}] in ${configPath}:`);
    for (const p of problems) console.error(`  - ${p.name} ${p.problem}`);
    process.exit(1);
  }
  console.log(`Configuration check passed for [env.${env}] in ${configPath} (secrets are checked by the Worker on its first request).`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
