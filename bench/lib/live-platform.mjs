/** What `npm run bench:live` reads off the running platform: workerd's memory and CPU, and the snapshot's size. */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
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

/** TCP ports the process listens on (from /proc: its socket inodes matched against /proc/net/tcp). */
function listeningPorts(pid) {
  const inodes = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    return [];
  }
  const ports = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9])) ports.push(parseInt(f[1].split(':').pop(), 16));
    }
  }
  return ports;
}

/**
 * The API base of workerd's own entry socket, behind `wrangler dev`'s proxy. The proxy (a second workerd) exists only
 * in development: it costs every request a second hop, and every WebSocket a few file descriptors of its own, which at
 * a few thousand sockets is more than the machine's open-files limit (20,000 here). Null when none answers.
 */
export async function runtimeBase(platform) {
  const publicPort = Number(new URL(platform.base).port);
  for (const { pid } of platform.workerd()) {
    for (const port of listeningPorts(pid)) {
      if (port === publicPort) continue;
      const base = `http://127.0.0.1:${port}/api/v1`;
      try {
        const res = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return base;
      } catch {
        /* not an HTTP entry */
      }
    }
  }
  return null;
}

/** Open file descriptors of the platform's workerd processes (each socket costs some; the machine's limit is per process). */
export function openFds(platform) {
  return platform.workerd().map(({ pid }) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      return 0;
    }
  });
}
