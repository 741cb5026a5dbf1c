/**
 * drizzle-kit configuration for the Postgres cold layer (docs/postgres.md): generates migrations from
 * src/db/postgres into migrations/postgres/ (`npm run db:generate:postgres`). Partitioning and row-level security
 * are hand-written SQL in those migrations (drizzle-kit declares neither partitions nor FORCE RLS).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/index.ts',
  out: './migrations/postgres',
  casing: 'snake_case',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres' },
});
