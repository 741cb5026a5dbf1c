import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('the worker', () => {
  it('answers health with a request id', async () => {
    const res = await SELF.fetch('https://example.com/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });
});
