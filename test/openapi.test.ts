import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { api } from './support/api';
import { fetchDocument, operations } from './support/openapi-walk';

const UNDOCUMENTED = new Set(['GET /api/v1/openapi.json', 'GET /api/v1/docs']);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and declares the security schemes', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'device', 'session']);
  });

  it('lists every API route the app serves', async () => {
    const doc = await fetchDocument();
    const documented = new Set(operations(doc).map((o) => `${o.method} ${o.path}`));
    const served = createApp()
      .routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((r) => !UNDOCUMENTED.has(r));
    const missing = [...new Set(served)].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(served.length).toBeGreaterThan(20);
  });

  it('gives every operation a summary, tags, security and problem responses', async () => {
    for (const o of operations(await fetchDocument())) {
      expect(o.op.summary, `${o.method} ${o.path}`).toBeTruthy();
      expect(o.op.tags?.length, `${o.method} ${o.path}`).toBeGreaterThan(0);
      expect(Array.isArray(o.op.security), `${o.method} ${o.path}`).toBe(true);
      expect(o.op.responses['422']?.content?.['application/problem+json'], `${o.method} ${o.path}`).toBeTruthy();
      if (o.params.includes('orgId')) expect(o.permission, `${o.method} ${o.path} needs x-permission`).toBeTruthy();
    }
  });

  it('has an example for every request body, so walking tests can send a valid one', async () => {
    const missing = operations(await fetchDocument())
      .filter((o) => o.bodySchema && !o.body)
      .map((o) => `${o.method} ${o.path}`);
    expect(missing).toEqual([]);
  });

  it('serves a readable API reference page listing every operation', async () => {
    const doc = await fetchDocument();
    const page = await api('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    for (const o of operations(doc)) expect(page.body).toContain(`<code>${o.path}</code>`);
    expect(page.body).toContain('permission <code>members.manage</code>');
  });
});
