/** The storefront's brand band and receipt link, rendered to HTML as a buyer's browser first gets them. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BrandHeader } from '../../../web/src/store/BrandHeader';
import { I18nProvider } from '../../../web/src/store/I18n';
import { Receipt } from '../../../web/src/store/order/Receipt';

const html = (node: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(I18nProvider, null, node));

const branding = {
  name: 'Kaapstad Konserte',
  contactEmail: 'hello@kk.example',
  contactPhone: '+27 21 555 0100',
  website: 'https://kk.example',
  address: null,
  primaryColor: '#0b6e4f',
  accentColor: '#f2a900',
  primaryTextColor: '#ffffff',
  accentTextColor: '#000000',
  logo: { url: 'https://voelgoed.test/api/v1/public/logos/org_1.abc.png', type: 'image/png' as const, width: 160, height: 48 },
};

describe('BrandHeader', () => {
  it('shows the logo with the organization as its text alternative, and the contact details as links', () => {
    const out = html(createElement(BrandHeader, { branding }));
    expect(out).toContain('<img src="https://voelgoed.test/api/v1/public/logos/org_1.abc.png" alt="Kaapstad Konserte" width="160" height="48"');
    expect(out).toContain('href="mailto:hello@kk.example"');
    expect(out).toContain('href="tel:+27215550100"');
    expect(out).toContain('href="https://kk.example" rel="noopener nofollow"');
  });

  it('shows the name without a logo, and nothing at all without branding', () => {
    expect(html(createElement(BrandHeader, { branding: { ...branding, logo: null } }))).toContain('<span class="org-name">Kaapstad Konserte</span>');
    const bare = { ...branding, logo: null, primaryColor: null, primaryTextColor: null, contactEmail: null, contactPhone: null, website: null };
    expect(html(createElement(BrandHeader, { branding: bare }))).toBe('');
    expect(html(createElement(BrandHeader, { branding: null }))).toBe('');
  });

  it('never links a website that is not https', () => {
    const out = html(createElement(BrandHeader, { branding: { ...branding, website: 'javascript:alert(1)' } }));
    expect(out).not.toContain('javascript:');
  });
});

describe('Receipt', () => {
  it('links a paid (or refunded) order’s receipt in the page’s language, and nothing for an unpaid one', () => {
    for (const status of ['paid', 'partially_refunded', 'refunded']) {
      expect(html(createElement(Receipt, { accessToken: 'tok/en', status }))).toMatch(/href="\/api\/v1\/public\/orders\/tok%2Fen\/receipt\.pdf\?lang=(en|af)" download="">Receipt \(PDF\)|Kwitansie \(PDF\)/);
    }
    for (const status of ['pending', 'cancelled', 'expired']) expect(html(createElement(Receipt, { accessToken: 'tok', status }))).toBe('');
  });
});
