/** Test-only bindings. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('@cloudflare/vitest-plugin').D1Migration[];
    /** Which Postgres the run uses: 'embedded' or 'DATABASE_URL' (test/global-setup-postgres.ts). */
    TEST_POSTGRES_SOURCE: string;
  }
}

declare module '*?raw' {
  const text: string;
  export default text;
}
