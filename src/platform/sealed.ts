/**
 * Secrets at rest (per-event ticket signing keys, webhook signing secrets): AES-256-GCM under a key
 * derived with HKDF-SHA256 from a server secret, salted with the owning record's id and labelled per
 * use, with the record's identity bound in as associated data so a ciphertext moved to another row
 * does not decrypt. Stored as base64url(iv ‖ ciphertext) with a fresh random 96-bit IV.
 */
import { base64url, fromBase64url, randomBytes } from './ids';

const encoder = new TextEncoder();
const IV_BYTES = 12;
const MAX_CACHED = 1_000;

/** A per-isolate memo of promises, bounded (oldest out first), that forgets failures. */
export function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    value = make();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}

export type Sealer = {
  seal(secret: string, salt: string, associatedData: string, plain: Uint8Array): Promise<string>;
  open(secret: string, salt: string, associatedData: string, stored: string): Promise<Uint8Array>;
};

/** A sealer for one use (`label` keeps the derived keys of different uses apart). */
export function sealer(label: string): Sealer {
  const info = encoder.encode(label);
  const keys = new Map<string, Promise<CryptoKey>>();
  const keyFor = (secret: string, salt: string) =>
    memo(keys, `${secret}\u0000${salt}`, async () => {
      const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(salt), info }, ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    });
  return {
    async seal(secret, salt, associatedData, plain) {
      const iv = randomBytes(IV_BYTES);
      const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(associatedData) }, await keyFor(secret, salt), plain);
      const out = new Uint8Array(IV_BYTES + ciphertext.byteLength);
      out.set(iv);
      out.set(new Uint8Array(ciphertext), IV_BYTES);
      return base64url(out);
    },
    async open(secret, salt, associatedData, stored) {
      const bytes = fromBase64url(stored);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(associatedData) }, await keyFor(secret, salt), bytes.subarray(IV_BYTES));
      return new Uint8Array(plain);
    },
  };
}
