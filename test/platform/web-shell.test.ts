import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { shellFor } from '../../src/platform/web-shell';

const get = (path: string, init?: RequestInit) => SELF.fetch(`http://localhost${path}`, init);

describe('the web apps behind the Worker', () => {
  it('answers a deep link with the index.html of the app that owns it, with the web policy and no caching', async () => {
    for (const [path, entry] of [
      ['/admin/orgs/org_1/events/evt_1', 'admin'],
      ['/reset-password', 'admin'],
      ['/accept-invitation', 'admin'],
      ['/scan/device', 'scan'],
      ['/orders/some-access-token', 'store'],
      ['/events/evt_1', 'store'],
    ] as const) {
      const res = await get(path, { headers: { Accept: 'text/html' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      const html = await res.text();
      expect(html, path).toMatch(new RegExp(`<script type="module"[^>]+/assets/${entry}-[\\w-]+\\.js`));
    }
  });

  it('serves the built files themselves, and a missing file is a 404, not an app page', async () => {
    const admin = await (await get('/admin/')).text();
    const script = /src="(\/assets\/admin-[\w-]+\.js)"/.exec(admin)?.[1];
    expect(script).toBeDefined();
    const js = await get(script!);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const missing = await get('/assets/nope-123.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it('never falls back for the API: an unknown API path is a problem+json 404', async () => {
    const res = await get('/api/v1/no-such-thing', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends HSTS (two years, subdomains) on every response: API, problems, app pages, files, missing files', async () => {
    const admin = await (await get('/admin/')).text();
    const script = /src="(\/assets\/admin-[\w-]+\.js)"/.exec(admin)?.[1];
    const paths = ['/api/v1/health', '/api/v1/no-such-thing', '/api/v1/me', '/admin/', '/admin/orgs/org_1/events', '/reset-password', '/scan/', '/', script!, '/assets/nope-123.js', '/pay/nothing'];
    for (const path of paths) {
      const res = await get(path, { headers: { Accept: 'text/html' } });
      expect(res.headers.get('strict-transport-security'), `${path} (${res.status})`).toBe('max-age=63072000; includeSubDomains');
    }
  });

  it('puts HSTS in the headers file the assets layer serves static files with', async () => {
    const headersFile = (await import('../../web/public/_headers?raw')).default as string;
    const all = headersFile.split(/\n(?=\S)/).find((block) => block.startsWith('/*\n'));
    expect(all).toContain('Strict-Transport-Security: max-age=63072000; includeSubDomains');
  });

  it('picks the app by path prefix only', () => {
    expect(shellFor('/admin')).toBe('/admin/');
    expect(shellFor('/administrator')).toBe('/');
    expect(shellFor('/scanner')).toBe('/');
    expect(shellFor('/scan/')).toBe('/scan/');
  });
});
