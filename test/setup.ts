/** Per test file: apply the D1 migrations (applied ones are skipped, so files sharing a database find it ready). */
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
