/** Test-only bindings. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('@cloudflare/vitest-plugin').D1Migration[];
  }
}

declare module '*?raw' {
  const text: string;
  export default text;
}
