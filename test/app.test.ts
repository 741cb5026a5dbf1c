import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from './support/api';

describe('the worker', () => {
  it('answers health with a request id', async () => {
    const res = await SELF.fetch('https://example.com/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('keeps a well-formed incoming request id and puts it in problems', async () => {
    const res = await api('GET', '/no-such-route', { headers: { 'X-Request-Id': 'req-abc-12345' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('X-Request-Id')).toBe('req-abc-12345');
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not found', requestId: 'req-abc-12345', code: 'not_found' });
  });

  it('sends security headers', async () => {
    const res = await SELF.fetch('https://example.com/api/v1/health');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
  });

  it('answers CORS preflights for the API without allowing credentials', async () => {
    const res = await SELF.fetch('https://example.com/api/v1/me', {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'Authorization' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Headers')).toContain('Authorization');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('turns malformed JSON into a 400 problem', async () => {
    const res = await api('POST', '/auth/signup', { rawBody: '{"email": ', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'malformed_request', status: 400 });
  });

  it('turns zod failures into field errors', async () => {
    const res = await api('POST', '/auth/signup', { body: { email: 'not-an-email', password: 'short', name: '', organizationName: 'X' } });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['body.email', 'body.name', 'body.organizationName', 'body.password']);
    expect(res.body.detail).toMatch(/^body\./);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await api('POST', '/auth/login', { rawBody: 'email=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('refuses bodies over the size limit with 413 before reading them', async () => {
    const owner = await signup();
    const res = await api('PATCH', `/orgs/${owner.orgId}`, { token: owner.token, body: { name: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });
});
