/** drizzle-kit configuration: generates D1 (SQLite) migrations from src/db/schema into migrations/. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
