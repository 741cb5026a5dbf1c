/** Password hashing (PBKDF2-SHA256 through WebCrypto), SHA-256 digests and constant-time comparison. */
import { base64url, fromBase64url, randomBytes } from './ids';

const encoder = new TextEncoder();

/** workerd caps PBKDF2 at 100,000 iterations; the count is stored with each hash so it can rise later. */
export const PBKDF2_ITERATIONS = 100_000;
const HASH_BYTES = 32;

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Length is not secret here (all compared values have fixed sizes), but still compare every byte.
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i % a.length] ?? 0) ^ (b[i % b.length] ?? 0);
  return diff === 0;
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

/** Returns `pbkdf2_sha256$<iterations>$<salt>$<hash>` with a fresh 128-bit salt per call. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await pbkdf2(password, salt, iterations);
  return `pbkdf2_sha256$${iterations}$${base64url(salt)}$${base64url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  const iterations = Number(iter);
  if (scheme !== 'pbkdf2_sha256' || !salt || !hash || !Number.isInteger(iterations) || iterations < 1) return false;
  const candidate = await pbkdf2(password, fromBase64url(salt), iterations);
  return timingSafeEqual(candidate, fromBase64url(hash));
}

/**
 * A hash of a password nobody has, verified against when the account does not exist,
 * so a login for an unknown email takes as long as one for a known email.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(base64url(randomBytes(18)));
  return decoyHash;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
