// Drives tools/upstash-bridge with the real @upstash/redis client against real Redis (db 14). Run: node --test test/tools/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Redis as Upstash } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { startBridge } from '../../tools/upstash-bridge/server.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB = 14;
const TOKEN = `test-${randomUUID()}`;
const NS = `upstash-bridge-test:${randomUUID()}:`; // every key lives under NS so cleanup never touches other data
const key = (name) => `${NS}${name}`;

let bridge;
let direct; // plain ioredis connection to db 14, to check what really landed in Redis

before(async () => {
  bridge = await startBridge({ port: 0, token: TOKEN, db: DB, redisUrl: REDIS_URL });
  direct = new IORedis(REDIS_URL, { db: DB, protocol: 2 });
});

after(async () => {
  const keys = await direct.keys(`${NS}*`);
  if (keys.length) await direct.del(...keys);
  await direct.quit();
  await bridge.close();
});

const client = (opts = {}) => new Upstash({ url: bridge.url, token: TOKEN, retry: false, enableTelemetry: false, ...opts });

async function post(path, body, headers = {}) {
  const res = await fetch(`${bridge.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Every client mode the app might use: the default (base64 + auto-pipelining, so commands go via /pipeline),
// base64 with single commands via POST /, and plain JSON responses.
const modes = [
  ['default client (base64, auto-pipelined)', {}],
  ['base64, single commands via POST /', { enableAutoPipelining: false }],
  ['responseEncoding: false', { responseEncoding: false, enableAutoPipelining: false }],
];

for (const [modeName, opts] of modes) {
  describe(`@upstash/redis via bridge: ${modeName}`, () => {
    const m = modeName.replace(/\W+/g, '-');
    const k = (name) => key(`${m}:${name}`);

    test('set/get round-trips strings including unicode', async () => {
      const redis = client(opts);
      const text = 'Voëlgoed ✓ 日本語 🎉 "quoted" \\ slash';
      assert.equal(await redis.set(k('str'), text), 'OK');
      assert.equal(await redis.get(k('str')), text);
      assert.equal(await direct.get(k('str')), text);
    });

    test('set/get round-trips JSON values (client serialises them)', async () => {
      const redis = client(opts);
      const value = { name: 'Brünhilde', tags: ['a', 'ü'], n: 42, nested: { ok: true, none: null } };
      await redis.set(k('json'), value);
      assert.deepEqual(await redis.get(k('json')), value);
      assert.equal(await direct.get(k('json')), JSON.stringify(value));
    });

    test('missing keys come back as null', async () => {
      const redis = client(opts);
      assert.equal(await redis.get(k('missing')), null);
      assert.equal(await redis.hget(k('missing-hash'), 'f'), null);
      assert.equal(await redis.hgetall(k('missing-hash')), null);
      await redis.set(k('present'), 'here');
      assert.deepEqual(await redis.mget(k('present'), k('missing')), ['here', null]);
    });

    test('incr/expire/pttl', async () => {
      const redis = client(opts);
      assert.equal(await redis.incr(k('counter')), 1);
      assert.equal(await redis.incrby(k('counter'), 4), 5);
      assert.equal(await redis.pttl(k('counter')), -1);
      assert.equal(await redis.expire(k('counter'), 60), 1);
      const pttl = await redis.pttl(k('counter'));
      assert.ok(pttl > 50_000 && pttl <= 60_000, `pttl ${pttl}`);
      assert.equal(await redis.pttl(k('no-such-key')), -2);
      await redis.set(k('px'), 'v', { px: 5000 });
      const pxTtl = await redis.pttl(k('px'));
      assert.ok(pxTtl > 0 && pxTtl <= 5000, `pttl ${pxTtl}`);
    });

    test('hash commands', async () => {
      const redis = client(opts);
      assert.equal(await redis.hset(k('hash'), { a: 'x', b: 2, c: { deep: 'ü' } }), 3);
      assert.equal(await redis.hget(k('hash'), 'a'), 'x');
      assert.deepEqual(await redis.hgetall(k('hash')), { a: 'x', b: 2, c: { deep: 'ü' } });
      assert.equal(await redis.hincrby(k('hash'), 'b', 3), 5);
      assert.deepEqual(await redis.hmget(k('hash'), 'a', 'nope'), { a: 'x', nope: null });
      assert.equal(await redis.hdel(k('hash'), 'a'), 1);
      assert.equal(await redis.hlen(k('hash')), 2);
      assert.equal(await redis.hexists(k('hash'), 'a'), 0);
    });

    test('a Redis error reply is thrown with Redis\' message', async () => {
      const redis = client(opts);
      await redis.set(k('not-a-number'), 'abc');
      await assert.rejects(redis.incr(k('not-a-number')), /ERR value is not an integer or out of range/);
      await redis.hset(k('wrongtype'), { f: 'v' });
      await assert.rejects(redis.get(k('wrongtype')), /WRONGTYPE/);
    });

    test('pipeline', async () => {
      const redis = client(opts);
      const p = redis.pipeline();
      p.set(k('p:s'), 'héllo');
      p.incr(k('p:c'));
      p.incr(k('p:c'));
      p.get(k('p:s'));
      p.get(k('p:missing'));
      p.hset(k('p:h'), { f: 'v' });
      p.hgetall(k('p:h'));
      assert.deepEqual(await p.exec(), ['OK', 1, 2, 'héllo', null, 1, { f: 'v' }]);

      const failing = redis.pipeline();
      failing.incr(k('p:s'));
      failing.get(k('p:s'));
      assert.deepEqual(await failing.exec({ keepErrors: true }), [
        { error: 'ERR value is not an integer or out of range', result: undefined },
        { error: undefined, result: 'héllo' },
      ]);
      await assert.rejects(redis.pipeline().incr(k('p:s')).exec(), /ERR value is not an integer/);
    });

    test('multi/exec transaction', async () => {
      const redis = client(opts);
      const tx = redis.multi();
      tx.set(k('tx:n'), 10);
      tx.incrby(k('tx:n'), 5);
      tx.get(k('tx:n'));
      tx.set(k('tx:s'), 'ünï');
      tx.get(k('tx:s'));
      assert.deepEqual(await tx.exec(), ['OK', 15, 15, 'OK', 'ünï']);
      assert.equal(await direct.get(k('tx:n')), '15');
    });

    test('eval of a Lua script (nested array reply)', async () => {
      const redis = client(opts);
      const script = `redis.call('SET', KEYS[1], ARGV[1])
        return {redis.call('GET', KEYS[1]), redis.call('STRLEN', KEYS[1]), {ARGV[1], 7}}`;
      assert.deepEqual(await redis.eval(script, [k('lua')], ['Voëlgoed ✓']), ['Voëlgoed ✓', 13, ['Voëlgoed ✓', 7]]);
      assert.equal(await direct.get(k('lua')), 'Voëlgoed ✓');
    });
  });
}

describe('wire format', () => {
  test('Upstash-Encoding: base64 encodes strings recursively; integers and null unchanged', async () => {
    const b64 = (s) => Buffer.from(s).toString('base64');
    const headers = { 'Upstash-Encoding': 'base64' };
    assert.deepEqual(await post('/', ['SET', key('w:s'), 'héllo'], headers), { status: 200, body: { result: b64('OK') } });
    assert.deepEqual(await post('/', ['GET', key('w:s')], headers), { status: 200, body: { result: b64('héllo') } });
    assert.deepEqual(await post('/', ['GET', key('w:missing')], headers), { status: 200, body: { result: null } });
    assert.deepEqual(await post('/', ['EVAL', "return {1, 'é', {2, 'x'}}", '0'], headers), {
      status: 200, body: { result: [1, b64('é'), [2, b64('x')]] },
    });
    assert.deepEqual(await post('/pipeline', [['INCR', key('w:c')], ['GET', key('w:s')], ['GET', key('w:none')]], headers), {
      status: 200, body: [{ result: 1 }, { result: b64('héllo') }, { result: null }],
    });
  });

  test('without the header strings are plain UTF-8', async () => {
    await post('/', ['SET', key('w:plain'), 'Ünïcödé ✓']);
    assert.deepEqual(await post('/', ['GET', key('w:plain')]), { status: 200, body: { result: 'Ünïcödé ✓' } });
    assert.deepEqual(await post('/', ['EVAL', "return {1, 'é', {2, 'x'}}", '0']), { status: 200, body: { result: [1, 'é', [2, 'x']] } });
  });

  test('base64 is binary-safe for non-UTF-8 values', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x0a]);
    await direct.set(key('w:bin'), bytes);
    const { body } = await post('/', ['GET', key('w:bin')], { 'Upstash-Encoding': 'base64' });
    assert.deepEqual(Buffer.from(body.result, 'base64'), bytes);
  });

  test('a Redis error is status 400 with Redis\' message', async () => {
    await post('/', ['SET', key('w:text'), 'abc']);
    assert.deepEqual(await post('/', ['INCR', key('w:text')]), {
      status: 400, body: { error: 'ERR value is not an integer or out of range' },
    });
  });

  test('/multi-exec is atomic: a command rejected at queue time aborts the whole transaction', async () => {
    const res = await post('/multi-exec', [['SET', key('w:atomic'), 'v'], ['SET', key('w:atomic')]]);
    assert.equal(res.status, 400);
    assert.match(res.body.error, /^EXECABORT/);
    assert.equal(await direct.exists(key('w:atomic')), 0);
  });

  test('wrong or missing token is 401 on every endpoint', async () => {
    for (const path of ['/', '/pipeline', '/multi-exec']) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
        const res = await fetch(`${bridge.url}${path}`, { method: 'POST', headers, body: '["PING"]' });
        assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.deepEqual(await res.json(), { error: 'Unauthorized' });
      }
    }
    const wrong = client({ token: 'wrong-token' });
    await assert.rejects(wrong.get(key('x')), /Unauthorized/);
  });

  test('malformed bodies are 400', async () => {
    const cases = [
      ['/', '{not json'],
      ['/', '{"cmd":"GET"}'],
      ['/', '[]'],
      ['/', '[1, 2]'],
      ['/', '["SET", "k", {"obj": 1}]'],
      ['/pipeline', '["GET", "k"]'],
      ['/pipeline', '[]'],
      ['/multi-exec', '[["GET", "k"], []]'],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body);
      assert.equal(res.status, 400, `${path} ${body}`);
      assert.match(res.body.error, /^ERR /);
    }
  });

  test('connection-state commands are refused and unknown endpoints are 404', async () => {
    assert.equal((await post('/', ['SELECT', '0'])).status, 400);
    assert.equal((await post('/pipeline', [['PING'], ['MULTI']])).status, 400);
    assert.equal((await post('/nope', ['PING'])).status, 404);
  });
});

test('keyPrefix is applied to key arguments', async () => {
  const prefix = key('pfx:');
  const prefixed = await startBridge({ port: 0, token: TOKEN, db: DB, redisUrl: REDIS_URL, keyPrefix: prefix });
  try {
    const redis = new Upstash({ url: prefixed.url, token: TOKEN, retry: false, enableTelemetry: false });
    await redis.set('a', 'value');
    assert.equal(await direct.get(`${prefix}a`), 'value');
    assert.equal(await redis.get('a'), 'value');
  } finally {
    await prefixed.close();
  }
});

describe('scripts written for Upstash', () => {
  test('a shebang flag Debian\'s Redis does not know is dropped, and EVALSHA of the original text still finds it', async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
    const sha = createHash('sha1').update(script).digest('hex');
    const k = key('script-counter');
    assert.deepEqual((await post('/', ['EVALSHA', sha, 1, k, 5])).status, 400); // not loaded yet: NOSCRIPT
    assert.deepEqual((await post('/', ['EVAL', script, 1, k, 5])).body, { result: 5 });
    assert.deepEqual((await post('/', ['EVALSHA', sha, 1, k, 2])).body, { result: 7 });
    assert.deepEqual((await post('/', ['SCRIPT', 'LOAD', script])).body, { result: sha });
    assert.deepEqual((await post('/pipeline', [['EVALSHA', sha, 1, k, 1]])).body, [{ result: 8 }]);
  });

  test('@upstash/ratelimit works through the bridge', async () => {
    const { Ratelimit } = await import('@upstash/ratelimit');
    const limiter = new Ratelimit({ redis: client(), limiter: Ratelimit.slidingWindow(2, '1 h'), prefix: key('rl'), ephemeralCache: false });
    const id = randomUUID();
    assert.equal((await limiter.limit(id)).success, true);
    assert.equal((await limiter.limit(id)).success, true);
    assert.equal((await limiter.limit(id)).success, false);
  });
});
