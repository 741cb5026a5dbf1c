/** Local bridge speaking the Upstash Redis REST protocol (/, /pipeline, /multi-exec) in front of a real redis-server. */
import { createServer } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
// These change state on the one connection every HTTP request shares, so they would leak across requests.
const CONNECTION_STATE = new Set(['SELECT', 'MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH', 'SUBSCRIBE', 'PSUBSCRIBE',
  'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'MONITOR', 'QUIT', 'RESET', 'HELLO', 'AUTH']);

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** Validates one JSON command (["SET", "k", "v"]) and returns it as [NAME, ...string args]. */
function toCommand(cmd) {
  if (!Array.isArray(cmd) || cmd.length === 0 || typeof cmd[0] !== 'string' || cmd[0] === '') {
    throw new HttpError(400, 'ERR a command must be a non-empty JSON array starting with the command name');
  }
  if (!cmd.every((a) => ['string', 'number', 'boolean'].includes(typeof a))) {
    throw new HttpError(400, 'ERR command arguments must be strings, numbers or booleans');
  }
  // Upper-case names also skip ioredis' per-command reply transformers (HGETALL -> object), keeping raw RESP replies.
  const name = cmd[0].toUpperCase();
  if (CONNECTION_STATE.has(name)) throw new HttpError(400, `ERR command not supported by the bridge: '${name}'`);
  return [name, ...cmd.slice(1).map(String)];
}

/**
 * Upstash runs a newer Redis than Debian's: scripts may declare shebang flags (`#!lua flags=allow-key-locking`,
 * used by @upstash/ratelimit) that redis-server 7.0 refuses. The bridge drops flags it does not know and
 * remembers which sha the client meant (sha of the original text) for the script Redis actually holds.
 */
const UNSUPPORTED_SCRIPT_FLAGS = ['allow-key-locking'];
const scriptShas = new Map();
const sha1 = (text) => createHash('sha1').update(text).digest('hex');

function compatScript(script) {
  const match = /^#!lua flags=([^\n]*)/.exec(script);
  if (!match) return script;
  const kept = match[1].split(',').map((f) => f.trim()).filter((f) => f && !UNSUPPORTED_SCRIPT_FLAGS.includes(f));
  const rewritten = script.replace(match[0], kept.length ? `#!lua flags=${kept.join(',')}` : '#!lua');
  if (rewritten !== script) scriptShas.set(sha1(script), sha1(rewritten));
  return rewritten;
}

/** Applies the script compatibility above to one command; `original` is what SCRIPT LOAD must answer. */
function compat([name, ...args]) {
  if ((name === 'EVAL' || name === 'EVAL_RO') && args.length) return { command: [name, compatScript(args[0]), ...args.slice(1)] };
  if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && args.length) return { command: [name, scriptShas.get(args[0].toLowerCase()) ?? args[0], ...args.slice(1)] };
  if (name === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args.length === 2) return { command: [name, args[0], compatScript(args[1])], original: sha1(args[1]) };
  if (name === 'SCRIPT' && args[0]?.toUpperCase() === 'EXISTS') return { command: [name, args[0], ...args.slice(1).map((h) => scriptShas.get(h.toLowerCase()) ?? h)] };
  return { command: [name, ...args] };
}

/** Upstash shape: strings as UTF-8 (or base64 when asked), integers and null as-is, arrays recursively. */
function encode(value, base64) {
  if (Buffer.isBuffer(value)) return value.toString(base64 ? 'base64' : 'utf8');
  if (typeof value === 'string') return base64 ? Buffer.from(value).toString('base64') : value;
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  if (value instanceof Error) return encode(value.message, base64);
  return value;
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'ERR request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'ERR request body is not valid JSON');
  }
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

export async function startBridge({ port = 8079, host = '127.0.0.1', token, redisUrl = 'redis://127.0.0.1:6379', db = 0, keyPrefix } = {}) {
  if (!token) throw new Error('startBridge: a token is required');
  // Hashing both sides gives equal-length buffers, which timingSafeEqual needs.
  const digest = (s) => createHash('sha256').update(s).digest();
  const expectedAuth = digest(`Bearer ${token}`);
  const authorized = (header) => typeof header === 'string' && timingSafeEqual(digest(header), expectedAuth);

  // RESP2 matches what Upstash returns (ioredis 6 defaults to RESP3); keyPrefix is applied by ioredis to key arguments only.
  const redis = new Redis(redisUrl, { db: Number(db), keyPrefix, protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', (err) => console.error(`[upstash-bridge] redis: ${err.message}`));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot connect to redis at ${redisUrl}: ${err.message}`, { cause: err });
  }

  async function handle(req, res) {
    if (!authorized(req.headers.authorization)) return send(res, 401, { error: 'Unauthorized' });
    const path = new URL(req.url ?? '/', 'http://bridge').pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'POST' || !['/', '/pipeline', '/multi-exec'].includes(path)) {
      return send(res, 404, { error: `ERR unsupported endpoint: ${req.method} ${path}` });
    }
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const body = await readJson(req);
    if (path === '/') {
      const { command: [name, ...args], original } = compat(toCommand(body));
      const reply = await redis.callBuffer(name, ...args);
      return send(res, 200, { result: encode(original ?? reply, base64) });
    }
    if (!Array.isArray(body) || body.length === 0) throw new HttpError(400, 'ERR body must be a non-empty array of commands');
    const commands = body.map((c) => compat(toCommand(c)));
    const batch = path === '/multi-exec' ? redis.multi() : redis.pipeline();
    for (const { command: [name, ...args] } of commands) batch.callBuffer(name, ...args);
    const replies = await batch.exec();
    send(res, 200, replies.map(([err, value], i) => (err ? { error: err.message } : { result: encode(commands[i].original ?? value, base64) })));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (res.headersSent) return res.destroy(err);
      if (err instanceof HttpError) return send(res, err.status, { error: err.message });
      // ReplyError = Redis answered with an error (EXECABORT, WRONGTYPE, ...); anything else is the bridge or connection.
      if (err?.name === 'ReplyError') return send(res, 400, { error: err.message });
      send(res, 500, { error: `ERR bridge failure: ${err?.message ?? err}` });
    });
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const addr = server.address();
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  return {
    url,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections(); // fetch keep-alive sockets would otherwise hold close() open
      await closed;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isMain) {
  const usage = 'usage: node tools/upstash-bridge/server.mjs [--port 8079] [--host 127.0.0.1] --token TOKEN '
    + '[--redis-url redis://127.0.0.1:6379] [--db 0] [--key-prefix PREFIX]';
  try {
    const { values } = parseArgs({
      options: Object.fromEntries(['port', 'host', 'token', 'redis-url', 'db', 'key-prefix'].map((k) => [k, { type: 'string' }])),
    });
    const token = values.token ?? process.env.UPSTASH_REDIS_REST_TOKEN;
    if (!token) throw new Error('--token (or UPSTASH_REDIS_REST_TOKEN) is required');
    const opts = { token, host: values.host, redisUrl: values['redis-url'], keyPrefix: values['key-prefix'] };
    if (values.port !== undefined) opts.port = Number(values.port);
    if (values.db !== undefined) opts.db = Number(values.db);
    for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
    const bridge = await startBridge(opts);
    console.log(`upstash-bridge listening on ${bridge.url} -> ${opts.redisUrl ?? 'redis://127.0.0.1:6379'} db ${opts.db ?? 0}`);
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => bridge.close().then(() => process.exit(0)));
  } catch (err) {
    console.error(`upstash-bridge: ${err.message}\n${usage}`);
    process.exit(1);
  }
}
