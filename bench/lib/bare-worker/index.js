/**
 * The bare-Worker baseline of `npm run bench:holds`: the same assets setup as the platform (wrangler.toml beside this
 * file), and a fetch handler that does nothing. Whatever the platform's no-op route loses against this is ours.
 */
const PONG = '{"pong":true}';

export default {
  async fetch() {
    return new Response(PONG, { headers: { 'Content-Type': 'application/json' } });
  },
};
