/** Password hashing (argon2id; older PBKDF2-SHA256 hashes still verified), SHA-256 digests and constant-time comparison. */
import { argon2id } from '@noble/hashes/argon2.js';
import { base64url, fromBase64url, randomBytes } from './ids';

const encoder = new TextEncoder();

/**
 * Passwords are hashed with argon2id (RFC 9106) at OWASP's minimum for it: 19 MiB of memory, 2 passes, 1 lane.
 * workerd caps PBKDF2 at 100,000 iterations (OWASP asks 600,000 for PBKDF2-SHA256), and refuses to compile
 * WebAssembly at run time, so the argon2id is @noble/hashes' audited pure-JS one (docs/operations.md has its cost).
 * Hashes are stored in PHC format; PBKDF2 hashes from before are still verified and replaced on the next login.
 */
export type Argon2Params = { m: number; t: number; p: number };
export const ARGON2ID_PARAMS: Argon2Params = { m: 19_456, t: 2, p: 1 };
/**
 * Test runs only (APP_ENV=test and PASSWORD_HASH_COST=test-only-low): hundreds of sign-ups would otherwise cost most
 * of a second each. Any other APP_ENV with PASSWORD_HASH_COST set refuses to hash at all (see passwordHashParams).
 */
export const TEST_ONLY_ARGON2ID_PARAMS: Argon2Params = { m: 64, t: 1, p: 1 };
export const TEST_ONLY_HASH_COST = 'test-only-low';
const SALT_BYTES = 16;
const HASH_BYTES = 32;

type HashCostEnv = { APP_ENV: string; PASSWORD_HASH_COST?: string };

/** Why this environment's password-hash setting is not allowed, or null; the production configuration check can call it. */
export function passwordHashConfigProblem(env: HashCostEnv): string | null {
  if (!env.PASSWORD_HASH_COST) return null;
  if (env.PASSWORD_HASH_COST === TEST_ONLY_HASH_COST && env.APP_ENV === 'test') return null;
  return `PASSWORD_HASH_COST=${env.PASSWORD_HASH_COST} is only allowed as "${TEST_ONLY_HASH_COST}" with APP_ENV=test; unset it.`;
}

/** The argon2id cost this environment hashes at: OWASP's unless this is a test run that asked for less. Fails closed. */
export function passwordHashParams(env: HashCostEnv): Argon2Params {
  const problem = passwordHashConfigProblem(env);
  if (problem) throw new Error(problem);
  return env.PASSWORD_HASH_COST ? TEST_ONLY_ARGON2ID_PARAMS : ARGON2ID_PARAMS;
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Length is not secret here (all compared values have fixed sizes), but still compare every byte.
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i % a.length] ?? 0) ^ (b[i % b.length] ?? 0);
  return diff === 0;
}

const normalized = (password: string) => encoder.encode(password.normalize('NFKC'));

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', normalized(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

// PHC strings use standard base64 without padding.
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Returns `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>` (PHC format) with a fresh 128-bit salt per call. */
export async function hashPassword(password: string, params: Argon2Params = ARGON2ID_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = argon2id(normalized(password), salt, { ...params, dkLen: HASH_BYTES, version: 0x13 });
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

type Parsed =
  | { scheme: 'argon2id'; params: Argon2Params; salt: Uint8Array; hash: Uint8Array }
  | { scheme: 'pbkdf2_sha256'; iterations: number; salt: Uint8Array; hash: Uint8Array };

function parseStored(stored: string): Parsed | null {
  try {
    const argon = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
    if (argon) {
      const [m, t, p] = [Number(argon[1]), Number(argon[2]), Number(argon[3])];
      // Bounds keep a corrupt row from costing more than a login should.
      if (m < 8 * p || m > 262_144 || t < 1 || t > 10 || p < 1 || p > 4) return null;
      return { scheme: 'argon2id', params: { m, t, p }, salt: unb64(argon[4]!), hash: unb64(argon[5]!) };
    }
    const [scheme, iter, salt, hash] = stored.split('$');
    const iterations = Number(iter);
    if (scheme !== 'pbkdf2_sha256' || !salt || !hash || !Number.isInteger(iterations) || iterations < 1 || iterations > 1_000_000) return null;
    return { scheme, iterations, salt: fromBase64url(salt), hash: fromBase64url(hash) };
  } catch {
    return null;
  }
}

/** Checks a password against a stored hash of either format (argon2id PHC, or the older `pbkdf2_sha256$…`). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const candidate =
    parsed.scheme === 'argon2id'
      ? argon2id(normalized(password), parsed.salt, { ...parsed.params, dkLen: parsed.hash.length, version: 0x13 })
      : await pbkdf2(password, parsed.salt, parsed.iterations);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when a stored hash is weaker than what this environment hashes at now (PBKDF2, or argon2id at a lower cost): rehash it at the next login. */
export function needsRehash(stored: string, params: Argon2Params): boolean {
  const parsed = parseStored(stored);
  if (!parsed || parsed.scheme !== 'argon2id') return true;
  return parsed.params.m < params.m || parsed.params.t < params.t || parsed.params.p !== params.p;
}

/**
 * A hash of a password nobody has, verified against when the account does not exist,
 * so a login for an unknown email takes as long as one for a known email.
 */
const decoyHashes = new Map<string, Promise<string>>();
export function decoyPasswordHash(params: Argon2Params = ARGON2ID_PARAMS): Promise<string> {
  const key = `${params.m},${params.t},${params.p}`;
  let hash = decoyHashes.get(key);
  if (!hash) decoyHashes.set(key, (hash = hashPassword(base64url(randomBytes(18)), params)));
  return hash;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
