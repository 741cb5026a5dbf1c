/**
 * A tiny webhook receiver for tests and local development: records every request and answers by path.
 *
 *   POST /fail/{N}/…   500 to the first N attempts of each webhook-id (per path), then 200
 *   POST /gone/…       410, always
 *   POST anything else 200
 *   GET  /__received?path=/some/prefix   what was recorded under that path prefix, oldest first, as JSON:
 *        [{ method, path, headers, body, time, status }] (body is the raw text, exactly as received)
 *   DELETE /__received                   forget everything
 *
 *   node tools/webhook-receiver/server.mjs [--port 8090] [--host 127.0.0.1]
 * prints `webhook receiver listening on http://127.0.0.1:<port>` once it listens (port 0 picks a free one).
 */
import { createServer } from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MAX_BODY_BYTES = 1024 * 1024;

export function createReceiver() {
  /** @type {{ method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string; time: string; status: number }[]} */
  const received = [];
  /** Attempts seen per `${path} ${webhook-id}` on /fail/ paths. */
  const attempts = new Map();

  const statusFor = (path, webhookId) => {
    if (path.startsWith('/gone/')) return 410;
    const fail = /^\/fail\/(\d+)\//.exec(path);
    if (fail) {
      const key = `${path} ${webhookId ?? ''}`;
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      return n <= Number(fail[1]) ? 500 : 200;
    }
    return 200;
  };

  const send = (res, status, body) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname === '/__received') {
      if (req.method === 'DELETE') {
        received.length = 0;
        attempts.clear();
        return send(res, 200, { ok: true });
      }
      const prefix = url.searchParams.get('path') ?? '/';
      return send(res, 200, received.filter((r) => r.path.startsWith(prefix)));
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return send(res, 413, { error: 'too large' });
      chunks.push(chunk);
    }
    const header = req.headers['webhook-id'];
    const status = statusFor(url.pathname, Array.isArray(header) ? header[0] : header);
    received.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), time: new Date().toISOString(), status });
    send(res, status, status < 300 ? { ok: true } : { error: status === 410 ? 'gone' : 'failing on purpose' });
  });
  return server;
}

/** Starts a receiver; resolves with its base URL and a close function. */
export function startReceiver({ port = 0, host = '127.0.0.1' } = {}) {
  const server = createReceiver();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
      resolve({ url, close: () => new Promise((done) => server.close(() => done(undefined))) });
    });
  });
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isMain) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8090' }, host: { type: 'string', default: '127.0.0.1' } } });
  const { url } = await startReceiver({ port: Number(values.port), host: values.host });
  console.log(`webhook receiver listening on ${url}`);
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
