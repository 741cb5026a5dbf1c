/**
 * Login against a password reset landing at the same moment (src/domains/auth/login.ts): the session a login
 * writes is born revoked when the hash it checked is no longer the account's, so a stolen old password can't outlive
 * the reset that was meant to lock it out. The reset is made to land between the password check and the session's
 * write by a D1 binding that runs it just before the login's batch.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { login } from '../../../src/domains/auth/login';
import { api, signup, uniqueIp } from '../../support/api';

/** The test D1 with `beforeBatch` run (once) ahead of the next batch, as a concurrent request's writes would. */
function racingDb(beforeBatch: () => Promise<unknown>): D1Database {
  let pending: (() => Promise<unknown>) | null = beforeBatch;
  return new Proxy(env.DB, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const run = pending;
          pending = null;
          if (run) await run();
          return target.batch(statements);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const ctxWith = (db: D1Database) => ({ env, db: createDb(db), requestId: 'req_test', ip: uniqueIp(), userAgent: 'vitest' });

describe('login racing a password reset', () => {
  it('refuses the login whose password was replaced while it was being checked, and leaves no live session', async () => {
    const owner = await signup();
    // The reset's own writes: a new hash, every session of the account revoked.
    const reset = () =>
      env.DB.batch([
        env.DB.prepare("update users set password_hash = 'argon2id$replaced', password_changed_at = ?, updated_at = ? where id = ?").bind(Date.now(), Date.now(), owner.userId),
        env.DB.prepare('update sessions set revoked_at = ? where user_id = ? and revoked_at is null').bind(Date.now(), owner.userId),
      ]);
    await expect(login({ ctx: ctxWith(racingDb(reset)), input: { email: owner.email, password: owner.password } })).rejects.toMatchObject({ status: 401 });
    const live = await env.DB.prepare('select count(*) as n from sessions where user_id = ? and revoked_at is null').bind(owner.userId).first<{ n: number }>();
    expect(live?.n).toBe(0);
  });

  it('still signs in when another login only upgraded the stored hash meanwhile (same password)', async () => {
    const owner = await signup();
    // A concurrent login rewrote the stored hash (an older scheme upgraded): the hash differs, the password did not change.
    const upgrade = () => env.DB.prepare("update users set password_hash = password_hash || '-upgraded' where id = ?").bind(owner.userId).run();
    const result = await login({ ctx: ctxWith(racingDb(upgrade)), input: { email: owner.email, password: owner.password } });
    expect((await api('GET', '/me', { token: result.session.token })).status).toBe(200);
  });

  it('signs in as usual when nothing changed meanwhile', async () => {
    const owner = await signup();
    const result = await login({ ctx: ctxWith(racingDb(async () => undefined)), input: { email: owner.email, password: owner.password } });
    const me = await api('GET', '/me', { token: result.session.token });
    expect(me.status).toBe(200);
  });
});
