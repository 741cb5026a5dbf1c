/**
 * Versioned snapshots served from the edge: a JSON document that changes in numbered versions (the public seat map;
 * anything else shaped like it) is built once per version by its owner (a Durable Object), gzipped once here, kept in
 * the Cache API (`caches.default`) under `<key>/v/<version>` and in a small per-isolate memo, and answered with an
 * ETag of the version (304 on If-None-Match), gzip to clients that accept it (decompressed for those that don't).
 *
 * Knowing the current version must not cost a build either: a short-lived *pointer* (`<key>/pointer` in the Cache
 * API, plus a per-isolate memo, `pointerMs` long) is refreshed by the owner's tiny version call, one lookup in flight
 * per key per isolate. A stale pointer (≤ pointerMs) only means a client gets the previous version and catches up
 * from it over the live channel (it resumes from the snapshot's version).
 *
 * Why not a library or Cloudflare's own HTTP cache: a Worker's own responses never enter the CDN cache
 * (`s-maxage` on them is ignored), so the Worker has to put and match itself; the pieces are a page of code.
 * Production caveats (docs/inventory.md): the Cache API is per data centre, and workers.dev has none (then the memo
 * alone keeps the owner's calls to one per version per isolate).
 */

export type SnapshotBody = { version: number; json: string };

/** The owner of a snapshot: a cheap "which version now?" and the body (at that version or a newer one). */
export type SnapshotSource = {
  version(): Promise<number>;
  body(): Promise<SnapshotBody>;
};

export type ServeOptions = {
  /** The Worker's own origin (scheme and host), under which the Cache API entries are kept. */
  origin: string;
  /** Names the document, tenant first (e.g. `seat-map/<orgId>/<eventId>`): no two tenants' documents share a key. */
  key: string;
  source: SnapshotSource;
  /** The browser-facing Cache-Control (revalidation is cheap: a 304 off the pointer). */
  cacheControl: string;
  /** How long a version pointer is trusted, in ms. */
  pointerMs: number;
  /** Lets the Cache API writes finish after the answer (ExecutionContext.waitUntil); awaited when absent. */
  waitUntil?: (p: Promise<unknown>) => void;
};

type Stored = { version: number; gzip: ArrayBuffer };

/** How long a body stays in the Cache API: versions never change meaning, so only eviction needs a bound. */
const BODY_TTL_SECONDS = 3600;
const MEMO_LIMIT = 256;

/** Cache API keys live on the Worker's own host (a zone's cache answers only its own hosts), under a path no route serves. */
const cacheUrl = (origin: string, key: string, part: string) => `${origin}/__edge-snapshot/${key.split('/').map(encodeURIComponent).join('/')}/${part}`;

function defaultCache(): Cache | null {
  try {
    return typeof caches === 'undefined' ? null : caches.default;
  } catch {
    return null;
  }
}

export async function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Response(text).body!.pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}

export function gunzip(bytes: ArrayBuffer): ReadableStream<Uint8Array> {
  return new Response(bytes).body!.pipeThrough(new DecompressionStream('gzip'));
}

/** Whether an Accept-Encoding header admits gzip (`gzip`, `gzip;q=0.5`, `*`; not `gzip;q=0`). */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

export const etagOf = (version: number) => `"${version}"`;

/** Whether If-None-Match names this version (strong or weak, or `*`). */
export function matchesEtag(header: string | null | undefined, version: number): boolean {
  if (!header) return false;
  const want = etagOf(version);
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === want || tag === `W/${want}`;
  });
}

/**
 * One per isolate (module scope), so its memo is shared by every request the isolate serves; tests make their own
 * (with their own memo) to show what the Cache API alone does.
 */
export class EdgeSnapshots {
  private readonly pointers = new Map<string, { version: number; until: number }>();
  private readonly pointerLookups = new Map<string, Promise<number>>();
  private readonly bodies = new Map<string, Stored>();
  private readonly bodyLookups = new Map<string, Promise<Stored>>();

  constructor(
    private readonly cache: () => Cache | null = defaultCache,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Answers a GET for the document: 304, gzip or plain JSON, always with the version's ETag. */
  async serve(request: Request, options: ServeOptions): Promise<Response> {
    const version = await this.currentVersion(options);
    const headers = new Headers({ 'Cache-Control': options.cacheControl, Vary: 'Accept-Encoding' });
    if (matchesEtag(request.headers.get('If-None-Match'), version)) {
      headers.set('ETag', etagOf(version));
      return new Response(null, { status: 304, headers });
    }
    const stored = await this.body(version, options);
    headers.set('ETag', etagOf(stored.version));
    headers.set('Content-Type', 'application/json; charset=UTF-8');
    if (acceptsGzip(request.headers.get('Accept-Encoding'))) {
      headers.set('Content-Encoding', 'gzip');
      // The bytes are gzip already: the runtime must send them as they are, not compress them again.
      return new Response(stored.gzip, { status: 200, headers, encodeBody: 'manual' });
    }
    return new Response(gunzip(stored.gzip), { status: 200, headers });
  }

  /** The version to serve now: the memo, else the Cache API pointer, else the owner (one lookup in flight per key). */
  async currentVersion(options: Pick<ServeOptions, 'origin' | 'key' | 'source' | 'pointerMs' | 'waitUntil'>): Promise<number> {
    const memo = this.pointers.get(options.key);
    if (memo && memo.until > this.now()) return memo.version;
    const pending = this.pointerLookups.get(options.key);
    if (pending) return pending;
    const lookup = this.lookUpPointer(options).finally(() => this.pointerLookups.delete(options.key));
    this.pointerLookups.set(options.key, lookup);
    return lookup;
  }

  private async lookUpPointer(options: Pick<ServeOptions, 'origin' | 'key' | 'source' | 'pointerMs' | 'waitUntil'>): Promise<number> {
    // pointerMs 0: every read asks the owner for its version (tests; the body is still built once per version).
    const cache = options.pointerMs > 0 ? this.cache() : null;
    const url = cacheUrl(options.origin, options.key, 'pointer');
    const hit = await cache?.match(url).catch(() => undefined);
    if (hit) {
      const until = Number(hit.headers.get('X-Pointer-Until'));
      const version = Number(await hit.text());
      if (until > this.now() && Number.isInteger(version)) {
        this.remember(options.key, version, until);
        return version;
      }
    }
    const version = await options.source.version();
    const until = this.now() + options.pointerMs;
    this.remember(options.key, version, until);
    if (cache) {
      const response = new Response(String(version), {
        headers: { 'Cache-Control': `max-age=${Math.max(1, Math.ceil(options.pointerMs / 1000))}`, 'X-Pointer-Until': String(until) },
      });
      await this.settle(cache.put(url, response), options.waitUntil);
    }
    return version;
  }

  private remember(key: string, version: number, until: number) {
    const known = this.pointers.get(key);
    // A newer version seen (a body fetched past a stale pointer) is never replaced by an older one.
    if (known && known.version > version && known.until > this.now()) return;
    if (this.pointers.size >= MEMO_LIMIT && !known) this.pointers.clear();
    this.pointers.set(key, { version, until });
  }

  /** The gzipped body at `version` (or newer): the memo, else the Cache API, else the owner, one fetch in flight. */
  private async body(version: number, options: ServeOptions): Promise<Stored> {
    const memo = this.bodies.get(options.key);
    if (memo && memo.version >= version) return memo;
    const flightKey = `${options.key}\n${version}`;
    const pending = this.bodyLookups.get(flightKey);
    if (pending) return pending;
    const lookup = this.fetchBody(version, options).finally(() => this.bodyLookups.delete(flightKey));
    this.bodyLookups.set(flightKey, lookup);
    return lookup;
  }

  private async fetchBody(version: number, options: ServeOptions): Promise<Stored> {
    const cache = this.cache();
    const hit = await cache?.match(cacheUrl(options.origin, options.key, `v/${version}`)).catch(() => undefined);
    if (hit) return this.keep(options.key, { version, gzip: await hit.arrayBuffer() });
    const fresh = await options.source.body();
    const stored = this.keep(options.key, { version: fresh.version, gzip: await gzip(fresh.json) });
    if (fresh.version > version) this.remember(options.key, fresh.version, this.now() + options.pointerMs);
    if (cache) {
      const response = new Response(stored.gzip.slice(0), {
        headers: { 'Cache-Control': `max-age=${BODY_TTL_SECONDS}`, 'Content-Type': 'application/octet-stream' },
      });
      await this.settle(cache.put(cacheUrl(options.origin, options.key, `v/${fresh.version}`), response), options.waitUntil);
    }
    return stored;
  }

  private keep(key: string, stored: Stored): Stored {
    const known = this.bodies.get(key);
    if (known && known.version > stored.version) return stored;
    if (this.bodies.size >= MEMO_LIMIT && !known) this.bodies.clear();
    this.bodies.set(key, stored);
    return stored;
  }

  /** Hands a cache write to waitUntil (or awaits it); a failed write costs one more build later, never the answer. */
  private async settle(put: Promise<unknown>, waitUntil: ((p: Promise<unknown>) => void) | undefined): Promise<void> {
    const quiet = put.catch(() => undefined);
    if (waitUntil) waitUntil(quiet);
    else await quiet;
  }
}
