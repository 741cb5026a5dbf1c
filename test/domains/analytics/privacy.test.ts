/** The analytics privacy rules (src/domains/analytics/privacy.ts): pure, so every rule is checked here directly. */
import { describe, expect, it } from 'vitest';
import { applyPrivacy, deviceClassOf, optedOut, referrerHostOf, truncateIp, utmValue } from '../../../src/domains/analytics/privacy';
import { requestFacts } from '../../../src/domains/analytics/record-step';

const headers = (h: Record<string, string>) => new Headers(h);

describe('analytics privacy rules', () => {
  it('truncates IPv4 to its /24 and IPv6 to its /48; anything else is no address', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(truncateIp(' 198.51.100.255 ')).toBe('198.51.100.0/24');
    expect(truncateIp('2001:db8:abcd:12:34:56:78:9a')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(truncateIp('::ffff:192.0.2.33')).toBe('192.0.2.0/24');
    expect(truncateIp('::1')).toBe('0:0:0::/48');
    for (const bad of ['', null, undefined, '256.1.1.1', '1.2.3', 'example.com', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'jan@example.com']) expect(truncateIp(bad)).toBeNull();
    // Nothing of the host part survives.
    expect(truncateIp('203.0.113.77')).not.toContain('77');
  });

  it('keeps only the host of a referrer: never a path, query, port or credentials', () => {
    expect(referrerHostOf('https://mail.example.com/inbox?to=jan.buyer@example.com&token=abc')).toBe('mail.example.com');
    expect(referrerHostOf('http://user:secret@News.Example.org:8080/a/b#c')).toBe('news.example.org');
    expect(referrerHostOf('www.google.com')).toBe('www.google.com');
    expect(referrerHostOf('')).toBeNull();
    expect(referrerHostOf('not a url at all')).toBeNull();
    expect(referrerHostOf(undefined)).toBeNull();
  });

  it('tells mobile, tablet and desktop apart from the User-Agent', () => {
    expect(deviceClassOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe('mobile');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36')).toBe('mobile');
    expect(deviceClassOf('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/120 Safari/537.36')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36')).toBe('desktop');
    expect(deviceClassOf(null)).toBeNull();
  });

  it('treats DNT: 1 and Sec-GPC: 1 as opting out, and nothing else', () => {
    expect(optedOut(headers({ DNT: '1' }))).toBe(true);
    expect(optedOut(headers({ 'Sec-GPC': '1' }))).toBe(true);
    expect(optedOut(headers({ DNT: '0' }))).toBe(false);
    expect(optedOut(headers({}))).toBe(false);
  });

  it('strips every identity field of an opted-out request, and keeps them otherwise', () => {
    const identity = { visitorId: 'v_0123456789abcdef', ipNetwork: '203.0.113.0/24', referrerHost: 'a.example', utmSource: 's', utmMedium: 'm', utmCampaign: 'c' };
    expect(applyPrivacy(identity, false)).toEqual(identity);
    expect(applyPrivacy(identity, true)).toEqual({ visitorId: null, ipNetwork: null, referrerHost: null, utmSource: null, utmMedium: null, utmCampaign: null });
  });

  it("derives a server step's request facts under the same rules", () => {
    const base = { 'Visitor-Id': 'visitor_0123456789abcdef', 'CF-Connecting-IP': '2001:db8:1:2::9', 'User-Agent': 'Mozilla/5.0 (iPhone) Mobile' };
    expect(requestFacts(headers(base))).toEqual({ deviceClass: 'mobile', visitorId: 'visitor_0123456789abcdef', ipNetwork: '2001:db8:1::/48' });
    expect(requestFacts(headers({ ...base, DNT: '1' }))).toEqual({ deviceClass: 'mobile', visitorId: null, ipNetwork: null });
    expect(requestFacts(headers({ ...base, 'Sec-GPC': '1' }))).toEqual({ deviceClass: 'mobile', visitorId: null, ipNetwork: null });
    // A visitor id that is not the storefront's random id (an email, say) is not taken.
    expect(requestFacts(headers({ ...base, 'Visitor-Id': 'jan@example.com' })).visitorId).toBeNull();
    expect(requestFacts(null)).toEqual({ deviceClass: null, visitorId: null, ipNetwork: null });
  });

  it('keeps UTM values short and clean', () => {
    expect(utmValue('  newsletter ')).toBe('newsletter');
    expect(utmValue('x'.repeat(300))).toHaveLength(100);
    expect(utmValue('a\u0000b')).toBe('ab');
    expect(utmValue('   ')).toBeNull();
  });
});
