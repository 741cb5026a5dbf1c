/**
 * The bare-Worker baselines of `npm run bench:holds`: the same assets setup as the platform (wrangler.toml beside this
 * file) and a fetch handler that does nothing (`/api/v1/ping`), or makes one call to a Durable Object that writes one
 * row in its SQLite storage and answers a small object (`/api/v1/ping/object`): the least a hold can cost locally
 * (one Worker → object round trip with a durable write). Whatever the platform's no-op route loses against the first
 * is ours; the second's ratio to the first is the ceiling for any route that writes through an object on this machine.
 */
import { DurableObject } from 'cloudflare:workers';

const PONG = '{"pong":true}';

export class BareObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS marks (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
  }

  mark() {
    this.ctx.storage.sql.exec('INSERT INTO marks (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1');
    return { ok: true, value: { id: 'bare', seats: ['A:1:1', 'A:1:2'], expiresAt: Date.now() + 600_000 } };
  }
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname.endsWith('/ping/object')) {
      const answer = await env.BARE_OBJECT.get(env.BARE_OBJECT.idFromName('bench')).mark();
      return Response.json(answer.value);
    }
    return new Response(PONG, { headers: { 'Content-Type': 'application/json' } });
  },
};
