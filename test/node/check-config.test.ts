/** tools/check-config.ts: `npm run build` and `npm test` refuse a production configuration with dev-only settings. */
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { checkDeclaredConfig } from '../../tools/check-config';

const production = () => unstable_readConfig({ config: 'wrangler.toml', env: 'production' }, { hideWarnings: true }) as unknown as Parameters<typeof checkDeclaredConfig>[0];
const names = (config: Parameters<typeof checkDeclaredConfig>[0], deploy = false) => checkDeclaredConfig(config, { deploy }).map((p) => p.name);

describe('the build-time configuration check', () => {
  it('passes the repository’s [env.production] and refuses its development settings', () => {
    expect(checkDeclaredConfig(production())).toEqual([]);
    const development = unstable_readConfig({ config: 'wrangler.toml' }, { hideWarnings: true }) as never;
    expect(checkDeclaredConfig(development)).toEqual([]); // APP_ENV development: dev settings allowed
    const dev = production();
    dev.vars = { ...(unstable_readConfig({ config: 'wrangler.toml' }, { hideWarnings: true }).vars as object), APP_ENV: 'production' };
    expect(names(dev)).toEqual(expect.arrayContaining(['EMAIL_PROVIDER', 'PAYMENT_PROVIDER', 'UPSTASH_REDIS_REST_URL', 'APP_URL']));
  });

  it('refuses a required secret that is not declared, a secret written as a var, and the test provider secret', () => {
    const config = production();
    config.secrets = { required: (config.secrets?.required ?? []).filter((n) => n !== 'JWT_SECRET' && n !== 'STRIPE_WEBHOOK_SECRET').concat('TEST_PROVIDER_WEBHOOK_SECRET') };
    config.vars = { ...config.vars, FILES_SIGNING_SECRET: 'in the repo for all to see' };
    expect(names(config).sort()).toEqual(['FILES_SIGNING_SECRET', 'JWT_SECRET', 'STRIPE_WEBHOOK_SECRET', 'TEST_PROVIDER_WEBHOOK_SECRET']);
  });

  it('refuses an unknown APP_ENV', () => {
    const config = production();
    config.vars = { ...config.vars, APP_ENV: 'prod' };
    expect(names(config)).toEqual(['APP_ENV']);
  });

  it('with --deploy, names the ids the operator has still to fill in', () => {
    expect(names(production(), true).sort()).toEqual(['TURNSTILE_SITE_KEY', 'UPSTASH_REDIS_REST_URL', 'WHATSAPP_PHONE_NUMBER_ID', 'd1_databases.database_id', 'hyperdrive.id']);
  });

  it('refuses a production configuration without a Turnstile site key, or with one of Cloudflare’s test site keys', () => {
    for (const key of [undefined, '', '1x00000000000000000000AA', '3x00000000000000000000FF']) {
      const config = production();
      config.vars = { ...config.vars, TURNSTILE_SITE_KEY: key };
      expect(names(config), String(key)).toEqual(['TURNSTILE_SITE_KEY']);
    }
    // The secret is required of the deployment (wrangler refuses a deploy without it), never written down.
    const config = production();
    config.secrets = { required: (config.secrets?.required ?? []).filter((n) => n !== 'TURNSTILE_SECRET') };
    expect(names(config)).toEqual(['TURNSTILE_SECRET']);
  });
});
