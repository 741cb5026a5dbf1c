/**
 * Every unauthenticated route belongs to one class with its own per-IP limit (docs/rate-limits.md). To limit a new
 * public route, add its pattern to a class here (or a new class): the first matching class wins, so specific
 * patterns come before the catch-alls. `failure` says what happens when Upstash cannot answer: 'closed' classes fall
 * back to a small counter in a Durable Object (and refuse with 503 if that fails too); 'open' classes let the request
 * through, because a limiter outage must not close the box office (the inventory DO still never oversells).
 *
 * The flash sale's hot classes (holds, hold, browse, platform) count their per-minute window in a Workers Rate
 * Limiting binding of their own (`edge`), at each Cloudflare location with no network hop, instead of in Upstash:
 * a global count is not worth a Redis round trip on every hold and seat-map read (the inventory object is what stops
 * overselling). Their limits live in wrangler.toml, mirrored in EDGE_WINDOWS; PUBLIC_RATE_LIMITS does not apply.
 */
export type BurstBinding = 'BURST_PUBLIC' | 'BURST_AUTH';
export type EdgeWindowBinding = 'LIMIT_HOLDS' | 'LIMIT_HOLD' | 'LIMIT_BROWSE' | 'LIMIT_PLATFORM';

export type RouteClass = {
  name: string;
  methods: readonly string[];
  pattern: RegExp;
  /** Only requests that carry this query parameter (e.g. an access code on the public event page). */
  query?: string;
  /** Requests per minute per IP (Upstash, global); PUBLIC_RATE_LIMITS overrides it by name. */
  perMinute: number;
  /** The per-location burst layer in front of it (a Workers Rate Limiting binding in wrangler.toml). */
  burst: BurstBinding;
  /** The per-minute window is counted per location by this binding (no Upstash call); perMinute mirrors its limit. */
  edge?: EdgeWindowBinding;
  failure: 'open' | 'closed';
};

/** Mirrors the `simple` blocks of the [[ratelimits]] bindings in wrangler.toml (the binding itself reports no counts). */
export const BURST_POLICIES: Record<BurstBinding, { limit: number; period: 10 | 60 }> = {
  BURST_PUBLIC: { limit: 200, period: 10 },
  BURST_AUTH: { limit: 50, period: 10 },
};

/** Mirrors the [[ratelimits]] bindings of the edge-counted classes in wrangler.toml (per location, fixed windows). */
export const EDGE_WINDOWS: Record<EdgeWindowBinding, { limit: number; period: 10 | 60 }> = {
  LIMIT_HOLDS: { limit: 60, period: 60 },
  LIMIT_HOLD: { limit: 120, period: 60 },
  LIMIT_BROWSE: { limit: 600, period: 60 },
  LIMIT_PLATFORM: { limit: 600, period: 60 },
};

/** Mirrors the LIMIT_DEVICE binding: requests per scanner device (its id is the key), per location. */
export const DEVICE_WINDOW = { limit: 300, period: 60 } as const;

const API = '/api/v1';
const ANY = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const ROUTE_CLASSES: readonly RouteClass[] = [
  // Credentials: fail closed.
  { name: 'signup', methods: ['POST'], pattern: new RegExp(`^${API}/auth/signup$`), perMinute: 10, burst: 'BURST_AUTH', failure: 'closed' },
  { name: 'login', methods: ['POST'], pattern: new RegExp(`^${API}/auth/login$`), perMinute: 30, burst: 'BURST_AUTH', failure: 'closed' },
  { name: 'password', methods: ['POST'], pattern: new RegExp(`^${API}/auth/password/(forgot|reset)$`), perMinute: 10, burst: 'BURST_AUTH', failure: 'closed' },
  { name: 'invitations', methods: ['POST'], pattern: new RegExp(`^${API}/invitations/(preview|accept)$`), perMinute: 30, burst: 'BURST_AUTH', failure: 'closed' },
  // Any other /auth route (email verification and whatever comes next) is limited like the credential routes.
  { name: 'auth', methods: ANY, pattern: new RegExp(`^${API}/auth/`), perMinute: 30, burst: 'BURST_AUTH', failure: 'closed' },
  // The box office: fail open.
  { name: 'holds', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/holds$`), perMinute: 60, burst: 'BURST_PUBLIC', edge: 'LIMIT_HOLDS', failure: 'open' },
  { name: 'hold', methods: ANY, pattern: new RegExp(`^${API}/public/events/[^/]+/holds/[^/]+(/extend)?$`), perMinute: 120, burst: 'BURST_PUBLIC', edge: 'LIMIT_HOLD', failure: 'open' },
  { name: 'quote', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/quote$`), perMinute: 120, burst: 'BURST_PUBLIC', failure: 'open' },
  // Presale / hidden ticket type unlocking (access codes): code guessing, so it fails closed like the credential routes.
  // The event page with `?code=` reveals the hidden ticket types a code unlocks (src/domains/events/public-routes.ts).
  { name: 'unlock', methods: ['GET', 'HEAD'], pattern: new RegExp(`^${API}/public/events/[^/]+$`), query: 'code', perMinute: 30, burst: 'BURST_PUBLIC', failure: 'closed' },
  // The waiting room (docs/waiting-room.md): joining and redeeming each reach the room object; polling its status
  // does not (the cursor comes from the edge cache), so it stays in browse.
  { name: 'queue', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/queue$`), perMinute: 20, burst: 'BURST_PUBLIC', failure: 'open' },
  { name: 'admit', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/queue/admit$`), perMinute: 60, burst: 'BURST_PUBLIC', failure: 'open' },
  // The waiting list's join and leave (src/domains/waitlist/routes.ts): a write that sends an email.
  { name: 'waitlist', methods: ['POST'], pattern: new RegExp(`^${API}/public/(events/[^/]+/waitlist|waitlist/[^/]+/leave)$`), perMinute: 10, burst: 'BURST_PUBLIC', failure: 'closed' },
  // "Email me my orders" (src/domains/orders/email-order-links.ts): anonymous, sends an email, answers alike whatever
  // it finds; stricter than checkout's resend-link, and closed like the waiting list's email-sending writes.
  { name: 'order-links', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/order-links$`), perMinute: 10, burst: 'BURST_PUBLIC', failure: 'closed' },
  { name: 'checkout', methods: ['POST'], pattern: new RegExp(`^${API}/public/events/[^/]+/checkout(/resend-link)?$`), perMinute: 20, burst: 'BURST_PUBLIC', failure: 'open' },
  // The storefront's journey beacons (docs/analytics.md): a batch every few seconds per open page; many buyers share
  // an address (carriers' NAT), so generous, and open: analytics never matters more than a sale.
  { name: 'analytics', methods: ['POST'], pattern: new RegExp(`^${API}/public/analytics$`), perMinute: 120, burst: 'BURST_PUBLIC', failure: 'open' },
  { name: 'orders', methods: ANY, pattern: new RegExp(`^${API}/public/orders/`), perMinute: 60, burst: 'BURST_PUBLIC', failure: 'open' },
  // Live channel upgrades (the public and the organizer channel): each one opens a socket.
  { name: 'live', methods: ['GET'], pattern: new RegExp(`^${API}/(public/)?(orgs/[^/]+/)?events/[^/]+/live(/[^/]+)?$`), perMinute: 60, burst: 'BURST_PUBLIC', failure: 'open' },
  { name: 'downloads', methods: ['GET', 'HEAD'], pattern: new RegExp(`^${API}/files/`), perMinute: 60, burst: 'BURST_PUBLIC', failure: 'open' },
  { name: 'browse', methods: ANY, pattern: new RegExp(`^${API}/public/`), perMinute: 600, burst: 'BURST_PUBLIC', edge: 'LIMIT_BROWSE', failure: 'open' },
  { name: 'platform', methods: ['GET', 'HEAD'], pattern: new RegExp(`^${API}/(ping|health|openapi\\.json|docs)$`), perMinute: 600, burst: 'BURST_PUBLIC', edge: 'LIMIT_PLATFORM', failure: 'open' },
];

/**
 * Not limited per IP, on purpose: the payment providers' webhooks (signed, deduplicated by the provider's event id,
 * and retried by the provider, so a refusal would only delay a payment's confirmation).
 */
export const UNLIMITED = [new RegExp(`^${API}/webhooks/payments/`)];

/** `query` may be a function: the URL is parsed only for a class that looks at its query (unlock). */
export function routeClassFor(method: string, path: string, query?: URLSearchParams | (() => URLSearchParams)): RouteClass | undefined {
  if (UNLIMITED.some((p) => p.test(path))) return undefined;
  const has = (name: string) => !!(typeof query === 'function' ? query() : query)?.has(name);
  return ROUTE_CLASSES.find((k) => k.methods.includes(method) && k.pattern.test(path) && (!k.query || has(k.query)));
}

/** The per-minute limits of the Upstash-counted classes: the defaults above, overridden by PUBLIC_RATE_LIMITS. */
export function parseLimits(text: string | undefined): Record<string, number> {
  const limits: Record<string, number> = Object.fromEntries(ROUTE_CLASSES.filter((k) => !k.edge).map((k) => [k.name, k.perMinute]));
  for (const part of (text ?? '').split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && k in limits && Number.isInteger(Number(v)) && Number(v) > 0) limits[k] = Number(v);
  }
  return limits;
}

export const DEFAULT_PUBLIC_RATE_LIMITS: Record<string, number> = parseLimits(undefined);

/** PUBLIC_RATE_LIMITS as parsed, once per distinct value per isolate (it is read on every limited request). */
const parsed = new Map<string | undefined, Record<string, number>>();
export function publicLimits(text: string | undefined): Record<string, number> {
  let limits = parsed.get(text);
  if (!limits) {
    limits = parseLimits(text);
    if (parsed.size > 16) parsed.clear();
    parsed.set(text, limits);
  }
  return limits;
}
