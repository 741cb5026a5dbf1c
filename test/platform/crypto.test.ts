/** Password storage: argon2id in PHC format at OWASP's cost, older PBKDF2 hashes verified, and the test-only cost refused outside tests. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  ARGON2ID_PARAMS,
  hashPassword,
  needsRehash,
  passwordHashConfigProblem,
  passwordHashParams,
  TEST_ONLY_ARGON2ID_PARAMS,
  verifyPassword,
} from '../../src/platform/crypto';
import { login, signup, uniqueIp } from '../support/api';

/** A hash as the platform stored them before argon2id: `pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64url). */
async function legacyPbkdf2Hash(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 100_000 }, key, 256));
  const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `pbkdf2_sha256$100000$${b64url(salt)}$${b64url(bits)}`;
}

const storedHash = async (userId: string) => (await env.DB.prepare('select password_hash as h from users where id = ?').bind(userId).first<{ h: string }>())!.h;

describe('argon2id password hashes', () => {
  it("hashes at OWASP's minimum (m=19 MiB, t=2, p=1) in PHC format, with a fresh salt each time", async () => {
    const a = await hashPassword('correct-horse-battery', ARGON2ID_PARAMS);
    const b = await hashPassword('correct-horse-battery', ARGON2ID_PARAMS);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct-horse-battery', a)).toBe(true);
    expect(await verifyPassword('correct-horse-batterY', a)).toBe(false);
    expect(needsRehash(a, ARGON2ID_PARAMS)).toBe(false);
  });

  it('still verifies the older PBKDF2 hashes, and marks them (and cheaper argon2id ones) for rehashing', async () => {
    const legacy = await legacyPbkdf2Hash('old-password-123');
    expect(await verifyPassword('old-password-123', legacy)).toBe(true);
    expect(await verifyPassword('old-password-124', legacy)).toBe(false);
    expect(needsRehash(legacy, TEST_ONLY_ARGON2ID_PARAMS)).toBe(true);
    expect(needsRehash(await hashPassword('x-password-1', TEST_ONLY_ARGON2ID_PARAMS), ARGON2ID_PARAMS)).toBe(true);
  });

  it('refuses garbage and corrupt hashes instead of throwing', async () => {
    for (const stored of ['', 'nonsense', '$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA', '$argon2id$v=19$m=9999999,t=2,p=1$AAAA$AAAA', 'pbkdf2_sha256$0$a$b']) {
      expect(await verifyPassword('anything-at-all', stored)).toBe(false);
    }
  });

  it('allows the test-only cost with APP_ENV=test only, and refuses to hash with it anywhere else', () => {
    expect(passwordHashParams({ APP_ENV: 'production' })).toEqual(ARGON2ID_PARAMS);
    expect(passwordHashParams({ APP_ENV: 'test', PASSWORD_HASH_COST: 'test-only-low' })).toEqual(TEST_ONLY_ARGON2ID_PARAMS);
    for (const APP_ENV of ['production', 'development', 'staging']) {
      expect(passwordHashConfigProblem({ APP_ENV, PASSWORD_HASH_COST: 'test-only-low' })).toMatch(/only allowed/);
      expect(() => passwordHashParams({ APP_ENV, PASSWORD_HASH_COST: 'test-only-low' })).toThrow(/only allowed/);
    }
    expect(() => passwordHashParams({ APP_ENV: 'test', PASSWORD_HASH_COST: 'cheap' })).toThrow();
  });
});

describe('upgrading stored hashes at login', () => {
  it('replaces a PBKDF2 hash with argon2id on the next successful login, and the password keeps working', async () => {
    const owner = await signup();
    await env.DB.prepare('update users set password_hash = ? where id = ?').bind(await legacyPbkdf2Hash(owner.password), owner.userId).run();

    expect((await login(owner.email, 'not-the-password-1', uniqueIp())).status).toBe(401);
    expect(await storedHash(owner.userId)).toMatch(/^pbkdf2_sha256\$/);

    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(200);
    const upgraded = await storedHash(owner.userId);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$/);
    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(200);
    expect(await storedHash(owner.userId)).toBe(upgraded);
  });
});
