/**
 * The analytics privacy rules (docs/analytics.md, "Privacy"), pure and in one place:
 * - an IP address is never stored whole: only its network (IPv4 /24, IPv6 /48), and only for a request that did not
 *   opt out;
 * - a referrer is reduced to its host (never a path or query: those carry emails, tokens, search terms);
 * - `DNT: 1` or `Sec-GPC: 1` on the request: the event is still counted, but without visitor id, IP network,
 *   referrer or UTM (nothing that could link it to another request);
 * - the device class is computed here from the User-Agent (mobile / tablet / desktop); the User-Agent itself is not kept.
 */

export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** What may link an event to a person or to other requests: dropped when the request opted out. */
export type Identity = {
  visitorId: string | null;
  ipNetwork: string | null;
  referrerHost: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
};

/** `DNT: 1` or `Sec-GPC: 1`: the request asks not to be tracked. */
export function optedOut(headers: { get(name: string): string | null }): boolean {
  return headers.get('DNT')?.trim() === '1' || headers.get('Sec-GPC')?.trim() === '1';
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Expands an IPv6 address into its eight 16-bit groups, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(address) || address.split('::').length > 2) return null;
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = text.match(/(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (b.some((n) => n > 255)) return null;
    text = `${text.slice(0, v4.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':') : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The network an address belongs to, as stored: `203.0.113.0/24` for IPv4, `2001:db8:1234::/48` for IPv6 (an
 * IPv4-mapped IPv6 address counts as its IPv4). Anything that is not an address: null.
 */
export function truncateIp(address: string | null | undefined): string | null {
  const text = address?.trim();
  if (!text) return null;
  const v4 = text.match(IPV4);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (b.some((n) => n > 255)) return null;
    return `${b[0]}.${b[1]}.${b[2]}.0/24`;
  }
  const groups = ipv6Groups(text);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.0/24`;
  }
  return `${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}::/48`;
}

/** The host of a referrer (a URL, or already a host), lower-case, without port, credentials, path or query; else null. */
export function referrerHostOf(referrer: string | null | undefined): string | null {
  const text = referrer?.trim();
  if (!text) return null;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    return null;
  }
  // A host name or an address literal; an email-like value ("a@b") never gets here as a host (URL takes it as credentials).
  return host && host.length <= 253 && /^[a-z0-9.:[\]-]+$/.test(host) ? host : null;
}

/** mobile / tablet / desktop from a User-Agent; null without one. Only the class is kept, never the string. */
export function deviceClassOf(userAgent: string | null | undefined): DeviceClass | null {
  if (!userAgent) return null;
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobi)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** A short campaign string: trimmed, at most 100 characters, control characters removed; empty → null. */
export function utmValue(value: string | null | undefined): string | null {
  const text = value?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100);
  return text ? text : null;
}

/** The identity of an event as stored: all of it for a request that did not opt out, none of it for one that did. */
export function applyPrivacy(identity: Identity, optOut: boolean): Identity {
  if (optOut) return { visitorId: null, ipNetwork: null, referrerHost: null, utmSource: null, utmMedium: null, utmCampaign: null };
  return identity;
}
