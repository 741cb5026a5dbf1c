#!/usr/bin/env node
/**
 * Applies the Postgres migrations (migrations/postgres/, made by drizzle-kit) with drizzle-orm's node-postgres
 * migrator: each is applied once, in order, in one transaction, and recorded in drizzle.__drizzle_migrations, so
 * running it again applies only what is new. `npm run dev` and the tests run it; against a managed Postgres run
 * it yourself (docs/postgres.md):
 *
 *   DATABASE_URL=postgres://user:password@host:5432/db npm run db:migrate:postgres
 *   node tools/pg-migrate.mjs postgres://…        (the URL as an argument wins over DATABASE_URL)
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations/postgres', import.meta.url));

/** Applies every migration not yet applied to the database at url; resolves when done. */
export async function migratePostgres(url, { migrationsFolder = MIGRATIONS_FOLDER } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The role and function statements print NOTICEs on a re-run (already exists/member); they are expected.
    client.on('notice', () => {});
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('pg-migrate: name the database: node tools/pg-migrate.mjs postgres://… (or set DATABASE_URL)');
    process.exit(2);
  }
  try {
    await migratePostgres(url);
    console.log(`pg-migrate: ${new URL(url).host}${new URL(url).pathname} is up to date`);
  } catch (error) {
    console.error('pg-migrate: failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
