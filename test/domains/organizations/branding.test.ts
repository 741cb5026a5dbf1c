/** Branding: the console's API (validation, permissions, audit), the logo upload's checks, and the public logo and event page. */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, textColorOn } from '../../../src/domains/organizations/branding-colors';
import { inspectLogo } from '../../../src/domains/organizations/branding-image';
import { addMember, api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { jpegHeader, solidPng, toBase64 } from '../../support/images';

const branding = (orgId: string) => `/orgs/${orgId}/branding`;

describe('brand colours', () => {
  it('derives a text colour that reads at WCAG AA (≥ 4.5:1) on any #rrggbb', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const color = `#${n.toString(16).padStart(6, '0')}`;
        expect(contrastRatio(color, textColorOn(color))).toBeGreaterThanOrEqual(4.5);
      }),
      { numRuns: 2000 },
    );
    expect(textColorOn('#0b6e4f')).toBe('#ffffff');
    expect(textColorOn('#f2a900')).toBe('#000000');
  });
});

describe('the branding API', () => {
  it('saves colours, contact details, legal name and a VAT number, derives text colours, and audits the change', async () => {
    const owner = await signup();
    const res = await api('PATCH', branding(owner.orgId), {
      token: owner.token,
      body: { legalName: 'Kaapstad Konserte (Pty) Ltd', vatNumber: '4123 456 789', primaryColor: '#0B6E4F', accentColor: '#f2a900', contactEmail: 'hello@kk.example', contactPhone: '+27 21 555 0100', website: 'https://kk.example', address: '12 Long Street\nCape Town 8001' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ vatNumber: '4123456789', primaryColor: '#0b6e4f', primaryTextColor: '#ffffff', accentTextColor: '#000000', logo: null, address: '12 Long Street\nCape Town 8001' });
    const log = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=organization.branding_updated`, { token: owner.token });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0].changes.vatNumber).toEqual({ from: null, to: '4123456789' });
    // Clearing a field with null.
    const cleared = await api('PATCH', branding(owner.orgId), { token: owner.token, body: { vatNumber: null } });
    expect(cleared.body.vatNumber).toBeNull();
  });

  it('refuses a VAT number that is not 10 digits starting with 4, and other bad fields, with 422 and nothing saved', async () => {
    const owner = await signup();
    for (const body of [{ vatNumber: '5123456789' }, { vatNumber: '412345678' }, { vatNumber: '41234567890' }, { primaryColor: 'red' }, { website: 'http://kk.example' }, { contactEmail: 'nope' }, { address: 'a\nb\nc\nd\ne' }, { logoKey: 'x' }]) {
      const res = await api('PATCH', branding(owner.orgId), { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await api('GET', branding(owner.orgId), { token: owner.token })).body.updatedAt).toBeNull();
  });

  it('needs organization.update to change, organization.read to see', async () => {
    const owner = await signup();
    const staff = await addMember(owner, 'staff');
    const viewer = await addMember(owner, 'viewer');
    expect((await api('PATCH', branding(owner.orgId), { token: staff.token, body: { primaryColor: '#000000' } })).status).toBe(403);
    expect((await api('PUT', `${branding(owner.orgId)}/logo`, { token: staff.token, body: { data: toBase64(await solidPng(32, 32)) } })).status).toBe(403);
    expect((await api('GET', branding(owner.orgId), { token: viewer.token })).status).toBe(200);
  });
});

describe('the logo', () => {
  it('stores a PNG under a content-addressed public URL, served cacheable with its exact bytes', async () => {
    const owner = await signup();
    const png = await solidPng(120, 40);
    const res = await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: toBase64(png) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.logo).toMatchObject({ type: 'image/png', width: 120, height: 40 });
    const url = new URL(res.body.logo.url);
    expect(url.pathname).toMatch(new RegExp(`^/api/v1/public/logos/${owner.orgId}\\.[0-9a-f]{64}\\.png$`));
    const served = await api('GET', url.pathname.replace('/api/v1', ''));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const object = await env.FILES.get(`branding/${owner.orgId}/logo-${url.pathname.split('/').pop()!.slice(owner.orgId.length + 1)}`);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);
    // Another organization's id in the path finds nothing.
    const other = await signup();
    expect((await api('GET', url.pathname.replace('/api/v1', '').replace(owner.orgId, other.orgId))).status).toBe(404);
    expect((await api('GET', '/public/logos/not-a-logo.svg')).status).toBe(404);
    // A new image gets a new address; the audit log names both.
    const next = await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: toBase64(await solidPng(120, 40, [200, 10, 10])) } });
    expect(next.body.logo.url).not.toBe(res.body.logo.url);
    const log = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=organization.logo_uploaded`, { token: owner.token });
    expect(log.body.items).toHaveLength(2);
    const removed = await api('DELETE', `${branding(owner.orgId)}/logo`, { token: owner.token });
    expect(removed.body.logo).toBeNull();
  });

  it('accepts a JPEG, reading its size from the frame header', async () => {
    const owner = await signup();
    const res = await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: toBase64(jpegHeader(300, 100)) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.logo).toMatchObject({ type: 'image/jpeg', width: 300, height: 100 });
    expect(res.body.logo.url).toMatch(/\.jpg$/);
  });

  it('refuses SVG, other formats, a lying header, too large a file or too many pixels, with 422 and no logo set', async () => {
    const owner = await signup();
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const gif = new TextEncoder().encode('GIF89a\x10\x00\x10\x00\x00\x00\x00;');
    const huge = await solidPng(4096, 16);
    const heavy = await solidPng(64, 64, [1, 2, 3], 600 * 1024);
    const tiny = await solidPng(8, 8);
    const truncatedPng = (await solidPng(32, 32)).slice(0, 20);
    for (const [what, bytes] of [['svg', svg], ['gif', gif], ['4096 px', huge], ['600 KB', heavy], ['8 px', tiny], ['truncated', truncatedPng]] as const) {
      const res = await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: toBase64(bytes) } });
      expect(res.status, what).toBe(422);
      expect(res.body.fieldErrors?.[0]?.code ?? res.body.errors?.[0]?.code, what).toBeDefined();
    }
    expect((await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: 'not base64!' } })).status).toBe(422);
    expect((await api('GET', branding(owner.orgId), { token: owner.token })).body.logo).toBeNull();
    expect(inspectLogo(svg)).toMatchObject({ ok: false });
  });
});

describe('branding on the storefront', () => {
  it('the public event page carries the logo, colours with text colours and contact details, never the VAT number', async () => {
    const owner = await signup();
    await api('PATCH', branding(owner.orgId), { token: owner.token, body: { primaryColor: '#0b6e4f', vatNumber: '4123456789', contactEmail: 'hello@kk.example' } });
    await api('PUT', `${branding(owner.orgId)}/logo`, { token: owner.token, body: { data: toBase64(await solidPng(64, 32)) } });
    const event = await onSaleEvent(owner, { layout: false });
    const page = await api('GET', `/public/events/${event.eventId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toMatch(/^public/);
    expect(page.body.branding).toMatchObject({ primaryColor: '#0b6e4f', primaryTextColor: '#ffffff', contactEmail: 'hello@kk.example', logo: { type: 'image/png', width: 64, height: 32 } });
    expect(JSON.stringify(page.body)).not.toContain('4123456789');
  });
});
