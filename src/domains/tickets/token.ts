/**
 * The QR token on a ticket: `VG1.<payload>.<signature>`, a compact binary payload signed with the
 * event's Ed25519 key. Verifying needs only the event's public key(s), so a scanner can do it offline.
 * Pure functions over WebCrypto; the exact byte format is in docs/tickets.md.
 */
import { base64url, fromBase64url } from '../../platform/ids';

export const TICKET_TOKEN_PREFIX = 'VG1';
/** Longer than any token this format can produce (ids ≤ 255 bytes each): anything longer is not worth parsing. */
export const MAX_TICKET_TOKEN_LENGTH = 1_600;

/** What a token says about its ticket. Times are epoch seconds; both ends of the window are inclusive. */
export type TicketClaims = {
  ticketId: string;
  eventId: string;
  ticketTypeId: string;
  seatId: string | null;
  /** Per ticket; bumped on re-issue, so a manifest that knows the current version revokes older tokens. */
  secretVersion: number;
  /** Which of the event's keys signed it (set from the key by `signTicketToken`). */
  keyVersion: number;
  notBefore: number;
  notAfter: number;
};

export type TicketClaimsInput = Omit<TicketClaims, 'keyVersion'>;

/** The private half of an event key, as `signTicketToken` needs it (keys.ts hands these out). */
export type TicketSigningKey = { version: number; privateKey: CryptoKey };
/** The public half, as a scanner manifest carries it: base64url of the raw 32-byte Ed25519 key. */
export type TicketVerifyKey = { version: number; publicKey: string };

export type TicketTokenFailure = 'malformed' | 'bad_signature' | 'unknown_key' | 'wrong_event' | 'not_yet_valid' | 'expired';
export type TicketTokenResult = { ok: true; claims: TicketClaims } | { ok: false; reason: TicketTokenFailure };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const MAX_VERSION = 0x7fff_ffff;
const MAX_U32 = 0xffff_ffff;
const FLAG_SEAT = 0x01;
const SIGNATURE_BYTES = 64;

// ---------------------------------------------------------------------------------------------
// Ids: a platform id (`tkt_` + 26 Crockford base32 characters = 130 bits) packs into 17 bytes.

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const CROCKFORD_VALUE = new Map([...CROCKFORD].map((c, i) => [c, i]));
const ID_CHARS = 26;
const ID_BYTES = 17;
const TAG_COMPACT = 0;

function compactId(id: string, prefix: string): Uint8Array | null {
  if (id.length !== prefix.length + 1 + ID_CHARS || !id.startsWith(`${prefix}_`)) return null;
  const out = new Uint8Array(ID_BYTES);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const c of id.slice(prefix.length + 1)) {
    const v = CROCKFORD_VALUE.get(c);
    if (v === undefined) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  out[at] = (buffer << (8 - bits)) & 0xff; // 130 bits: the last byte carries 2 bits and 6 zero bits
  return out;
}

function expandId(bytes: Uint8Array, prefix: string): string | null {
  if ((bytes[ID_BYTES - 1]! & 0x3f) !== 0) return null; // non-canonical padding
  let out = `${prefix}_`;
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < prefix.length + 1 + ID_CHARS) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Binary writer and reader.

class Writer {
  private bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  u32(v: number) {
    this.bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  /** Unsigned LEB128. */
  varint(v: number) {
    let n = v;
    while (n >= 0x80) {
      this.bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }
  raw(b: Uint8Array) {
    for (const x of b) this.bytes.push(x);
  }
  /** A length-prefixed (1..255) UTF-8 string. */
  str(s: string, field: string) {
    const b = encoder.encode(s);
    if (b.length < 1 || b.length > 255) throw new RangeError(`${field} must be 1–255 bytes of UTF-8`);
    this.u8(b.length);
    this.raw(b);
  }
  id(id: string, prefix: string, field: string) {
    const compact = compactId(id, prefix);
    if (compact) {
      this.u8(TAG_COMPACT);
      this.raw(compact);
    } else this.str(id, field);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

class Malformed extends Error {}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  private take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new Malformed();
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    const b = this.take(4);
    return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  }
  /** Minimal LEB128 only, 1..2^31−1: one value has exactly one encoding. */
  version(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw new Malformed();
        if (value < 1 || value > MAX_VERSION) throw new Malformed();
        return value;
      }
    }
    throw new Malformed();
  }
  str(length: number): string {
    if (length < 1) throw new Malformed();
    try {
      return decoder.decode(this.take(length));
    } catch {
      throw new Malformed();
    }
  }
  id(prefix: string): string {
    const tag = this.u8();
    if (tag !== TAG_COMPACT) return this.str(tag);
    const id = expandId(this.take(ID_BYTES), prefix);
    if (id === null) throw new Malformed();
    return id;
  }
  end() {
    if (this.at !== this.bytes.length) throw new Malformed();
  }
}

// ---------------------------------------------------------------------------------------------
// Payload.

function checkClaims(c: TicketClaims) {
  for (const [name, v] of [
    ['secretVersion', c.secretVersion],
    ['keyVersion', c.keyVersion],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_VERSION) throw new RangeError(`${name} must be an integer from 1 to ${MAX_VERSION}`);
  }
  for (const [name, v] of [
    ['notBefore', c.notBefore],
    ['notAfter', c.notAfter],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > MAX_U32) throw new RangeError(`${name} must be whole epoch seconds (0…${MAX_U32})`);
  }
  if (c.notBefore > c.notAfter) throw new RangeError('notBefore must not be after notAfter');
}

export function encodeTicketPayload(c: TicketClaims): Uint8Array {
  checkClaims(c);
  const w = new Writer();
  w.u8(c.seatId !== null ? FLAG_SEAT : 0);
  w.varint(c.keyVersion);
  w.varint(c.secretVersion);
  w.u32(c.notBefore);
  w.u32(c.notAfter);
  w.id(c.ticketId, 'tkt', 'ticketId');
  w.id(c.eventId, 'evt', 'eventId');
  w.id(c.ticketTypeId, 'tty', 'ticketTypeId');
  if (c.seatId !== null) w.str(c.seatId, 'seatId');
  return w.done();
}

function decodeTicketPayload(bytes: Uint8Array): TicketClaims {
  const r = new Reader(bytes);
  const flags = r.u8();
  if ((flags & ~FLAG_SEAT) !== 0) throw new Malformed();
  const keyVersion = r.version();
  const secretVersion = r.version();
  const notBefore = r.u32();
  const notAfter = r.u32();
  const ticketId = r.id('tkt');
  const eventId = r.id('evt');
  const ticketTypeId = r.id('tty');
  const seatId = flags & FLAG_SEAT ? r.str(r.u8()) : null;
  r.end();
  if (notBefore > notAfter) throw new Malformed();
  return { ticketId, eventId, ticketTypeId, seatId, secretVersion, keyVersion, notBefore, notAfter };
}

/** Strict base64url: only the URL alphabet, no padding, and the one canonical spelling of its bytes. */
/** Bytes over a plain ArrayBuffer (what WebCrypto takes, in workerd's types and the browser's alike). */
type Bytes = Uint8Array<ArrayBuffer>;

function strictBase64url(text: string): Bytes | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  let bytes: Bytes;
  try {
    bytes = new Uint8Array(fromBase64url(text));
  } catch {
    return null;
  }
  return base64url(bytes) === text ? bytes : null;
}

type Parsed = { claims: TicketClaims; signed: Bytes; signature: Bytes };

function parse(token: unknown): Parsed | null {
  if (typeof token !== 'string' || token.length > MAX_TICKET_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== TICKET_TOKEN_PREFIX) return null;
  const payload = strictBase64url(parts[1]!);
  const signature = strictBase64url(parts[2]!);
  if (!payload || !signature || signature.length !== SIGNATURE_BYTES) return null;
  try {
    return { claims: decodeTicketPayload(payload), signed: encoder.encode(`${parts[0]}.${parts[1]}`) as Bytes, signature };
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
}

/**
 * The claims of a token WITHOUT checking its signature: for the platform's own bookkeeping
 * (re-issuing keeps the old window, manifests list key versions). Never admit anyone on this.
 */
export function readTicketTokenUnverified(token: string): TicketClaims | null {
  return parse(token)?.claims ?? null;
}

// ---------------------------------------------------------------------------------------------
// Sign and verify.

/** `VG1.` + base64url(payload) + `.` + base64url(Ed25519 signature over the ASCII of `VG1.<payload>`). */
export async function signTicketToken(key: TicketSigningKey, claims: TicketClaimsInput): Promise<string> {
  const head = `${TICKET_TOKEN_PREFIX}.${base64url(encodeTicketPayload({ ...claims, keyVersion: key.version }))}`;
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key.privateKey, encoder.encode(head)));
  return `${head}.${base64url(signature)}`;
}

/** Imported public keys per isolate, by their base64url text: a scanner verifies thousands with a handful of keys. */
const verifyKeys = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_VERIFY_KEYS = 1_000;

function importVerifyKey(publicKey: string): Promise<CryptoKey> {
  let key = verifyKeys.get(publicKey);
  if (!key) {
    const raw = strictBase64url(publicKey);
    if (!raw || raw.length !== 32) throw new TypeError('An Ed25519 public key is base64url of 32 raw bytes');
    if (verifyKeys.size >= MAX_CACHED_VERIFY_KEYS) verifyKeys.delete(verifyKeys.keys().next().value!);
    key = crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']) as Promise<CryptoKey>;
    key.catch(() => verifyKeys.delete(publicKey));
    verifyKeys.set(publicKey, key);
  }
  return key;
}

/**
 * Verifies a token offline with only the event's public keys. Checks, in order: the format
 * (`malformed`), the event it names (`wrong_event`, read before the signature so a token for
 * another event says so; it only ever rejects), the key version (`unknown_key`), the signature
 * (`bad_signature`), then the validity window (`not_yet_valid`, `expired`; both ends inclusive).
 * `now` is a Date or epoch milliseconds. Revocation (secret versions, cancellations) is the
 * caller's next step: the claims carry `secretVersion` and `keyVersion` for it.
 */
export async function verifyTicketToken(
  token: string,
  publicKeys: readonly TicketVerifyKey[],
  opts: { eventId: string; now: Date | number },
): Promise<TicketTokenResult> {
  const parsed = parse(token);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { claims } = parsed;
  if (claims.eventId !== opts.eventId) return { ok: false, reason: 'wrong_event' };
  const key = publicKeys.find((k) => k.version === claims.keyVersion);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const valid = await crypto.subtle.verify('Ed25519', await importVerifyKey(key.publicKey), parsed.signature, parsed.signed);
  if (!valid) return { ok: false, reason: 'bad_signature' };
  const nowSeconds = Math.floor((typeof opts.now === 'number' ? opts.now : opts.now.getTime()) / 1000);
  if (nowSeconds < claims.notBefore) return { ok: false, reason: 'not_yet_valid' };
  if (nowSeconds > claims.notAfter) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
