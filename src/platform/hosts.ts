/**
 * Whether a host name is on the public internet: `localhost` and its subdomains, and IP literals in private,
 * loopback, link-local, shared (CGNAT), unique-local or otherwise non-public ranges are not. Outgoing webhooks refuse
 * such targets (src/domains/webhooks/urls.ts); the production configuration check refuses them for APP_URL and the
 * Upstash URL (config.ts).
 */

/** IPv4 ranges that are not the public internet (RFC 6890 and friends). */
const PRIVATE_V4: [number, number, number][] = [
  [0, 0, 8], // "this network"
  [10, 0, 8],
  [100, 64, 10], // shared address space (CGNAT)
  [127, 0, 8],
  [169, 254, 16], // link-local (cloud metadata lives here)
  [172, 16, 12],
  [192, 0, 24], // IETF protocol assignments
  [192, 168, 16],
  [198, 18, 15], // benchmarking
  [224, 0, 4], // multicast
  [240, 0, 4], // reserved, broadcast
];

function ipv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const n = parts.map(Number);
  return n.every((x) => x <= 255) ? n : null;
}

function isPrivateV4([a, b, c, d]: number[]): boolean {
  const value = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
  return PRIVATE_V4.some(([x, y, bits]) => {
    const prefix = ((x << 24) | (y << 16)) >>> 0;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (prefix & mask) >>> 0;
  });
}

const v4Of = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];

/** The eight 16-bit groups of an IPv6 literal (without brackets), or null. The URL parser already wrote any embedded IPv4 as hex. */
function ipv6Groups(host: string): number[] | null {
  const halves = host.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some(Number.isNaN)) return null;
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  return [...head, ...Array<number>(fill).fill(0), ...rest];
}

function isPrivateV6(groups: number[]): boolean {
  const [g0] = groups as [number];
  if (groups.slice(0, 7).every((g) => g === 0)) return true; // :: and ::1
  if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0)) {
    return isPrivateV4(v4Of(groups[6]!, groups[7]!)); // IPv4-mapped / -compatible
  }
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x64 && groups[1] === 0xff9b) return isPrivateV4(v4Of(groups[6]!, groups[7]!)); // NAT64
  return false;
}

/** Why `hostname` (as URL.hostname gives it, IPv6 in brackets) is not a public host, or null when it is. */
export function nonPublicHostProblem(hostname: string): string | null {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'Must be a public host, not localhost';
  const v4 = ipv4(host);
  if (v4 && isPrivateV4(v4)) return 'Must be a public address, not a private, loopback or link-local one';
  if (host.startsWith('[')) {
    const groups = ipv6Groups(host.slice(1, -1));
    if (!groups || isPrivateV6(groups)) return 'Must be a public address, not a private, loopback or link-local one';
  }
  return null;
}
