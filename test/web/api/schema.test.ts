/** The web apps' API types are generated from the server's OpenAPI document; a stale copy would let the apps drift from the API. */
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);

describe('web/src/api/schema.d.ts', () => {
  it('is what openapi-typescript makes of docs/openapi.json today (run `npm run docs:generate`)', async () => {
    const doc = JSON.parse(readFileSync(new URL('docs/openapi.json', root), 'utf8'));
    const generated = astToString(await openapiTS(doc));
    const committed = readFileSync(new URL('web/src/api/schema.d.ts', root), 'utf8');
    // The CLI adds a banner comment; compare the types themselves.
    const body = (s: string) => s.slice(s.indexOf('export '));
    expect(body(committed)).toBe(body(generated));
  });
});
