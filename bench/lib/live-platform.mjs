/** What `npm run bench:live` reads off the running platform: workerd's memory and CPU, and the snapshot's size. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Resident memory of every workerd process of the platform (kB, summed: wrangler dev runs more than one). */
export function rssKb(platform) {
  return platform.workerd().reduce((sum, p) => sum + p.rssKb, 0);
}

/** CPU seconds used so far by the platform's workerd processes (user + system, from /proc/<pid>/stat). */
export function cpuSeconds(platform) {
  let ticks = 0;
  for (const { pid } of platform.workerd()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The public seat map as a browser gets it: its size decoded and on the wire (asking for gzip), and what a
 * revalidation with its ETag answers (304 when the snapshot is served by version).
 */
export async function snapshotInfo(base, eventId) {
  const url = `${base}/public/events/${eventId}/seat-map`;
  const first = await get(url, { 'Accept-Encoding': 'gzip' });
  const gzipped = first.headers['content-encoding'] === 'gzip';
  const body = gzipped ? gunzipSync(first.body) : first.body;
  const etag = first.headers.etag;
  const again = etag ? await get(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag }) : null;
  return {
    bytes: body.length,
    gzipBytes: gzipped ? first.body.length : 'no',
    etag: etag ?? null,
    revalidation: again ? `ETag ${etag} → ${again.status}` : 'no ETag',
    cacheControl: first.headers['cache-control'] ?? '',
  };
}
