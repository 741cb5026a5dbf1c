/*
 * The scanner's service worker (scope /scan/, served with Service-Worker-Allowed: /scan/ and no-cache, see
 * web/public/_headers). Hand-written and small on purpose: it only has to make the app OPEN without a network;
 * the app keeps its own data (token, queue, manifests) in IndexedDB and talks to the API itself.
 *
 *  - Install: caches the app shell (/scan/) and the JS/CSS the built index.html links to (read from the HTML, so
 *    no build step has to list the hashed file names here).
 *  - /scan/ pages: network first (a new deployment shows up at once), the cached shell when offline.
 *  - /assets/*: cache first (file names carry a content hash, so a cached file never goes stale); fetched files
 *    are added, which covers chunks loaded later (the jsQR decoder is fetched on idle for this reason). When a
 *    new index.html links other files, the files only the old one linked are dropped.
 *  - Icons, manifest, favicon: served from the cache and refreshed in the background.
 *  - /api/* and anything cross-origin: not touched (no API answer is ever cached here).
 *
 * Bump VERSION when this file's behaviour changes; old caches are deleted on activate.
 */
const VERSION = 'v1';
const CACHE = `vg-scan-${VERSION}`;
const SHELL = '/scan/';
const STATIC = ['/scan/manifest.webmanifest', '/scan/icon.svg', '/scan/icon-maskable.svg', '/scan/icon-192.png', '/scan/icon-512.png', '/favicon.svg'];

const linkedAssets = (html) => new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]));

async function cacheShell(cache) {
  const res = await fetch(SHELL, { cache: 'no-cache' });
  if (res.ok) await storeShell(cache, res);
}

/** Keeps `res` (the app's index.html) as the shell and caches the files it links. */
async function storeShell(cache, res) {
  const html = await res.clone().text();
  const previous = await cache.match(SHELL);
  const before = previous ? linkedAssets(await previous.text()) : new Set();
  await cache.put(SHELL, res);
  const assets = linkedAssets(html);
  // A new deployment: drop the files only the old shell linked (lazy chunks stay until they change too).
  for (const url of before) if (!assets.has(url)) await cache.delete(url);
  await Promise.all(
    [...assets].map(async (url) => {
      if (await cache.match(url)) return;
      const r = await fetch(url);
      if (r.ok) await cache.put(url, r);
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(STATIC.map((url) => cache.add(url).catch(() => undefined)));
      await cacheShell(cache);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('vg-scan-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function networkFirstPage(event) {
  const { request } = event;
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    // Every /scan/ path is the same app (deep links fall back to its index.html): keep the latest copy as the shell.
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) event.waitUntil(storeShell(cache, res.clone()).catch(() => undefined));
    return res;
  } catch {
    return (await cache.match(SHELL)) || new Response('<h1>Offline</h1><p>Open the scanner once while online to install it.</p>', { status: 503, headers: { 'content-type': 'text/html' } });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  const fresh = fetch(request)
    .then(async (res) => {
      if (res.ok) await cache.put(request, res.clone());
      return res;
    })
    .catch(() => undefined);
  return hit || (await fresh) || new Response('', { status: 504 });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/scan/') || url.pathname === '/scan') event.respondWith(networkFirstPage(event));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (STATIC.includes(url.pathname)) event.respondWith(staleWhileRevalidate(request));
});
