/** The QR token: round trip, size, every rejection reason, fast-check properties, and sign/verify rates. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ticketsDoc from '../../../docs/tickets.md?raw';
import { base64url, newId } from '../../../src/platform/ids';
import {
  readTicketTokenUnverified,
  signTicketToken,
  verifyTicketToken,
  type TicketClaimsInput,
  type TicketSigningKey,
  type TicketVerifyKey,
} from '../../../src/domains/tickets/token';

type TestKey = TicketSigningKey & TicketVerifyKey;

async function makeKey(version = 1): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  return { version, privateKey: pair.privateKey, publicKey: base64url(raw) };
}

const NOW = Date.UTC(2027, 2, 14, 18, 0, 0);
const nowS = Math.floor(NOW / 1000);

function claimsFor(eventId = newId('evt'), overrides: Partial<TicketClaimsInput> = {}): TicketClaimsInput {
  return {
    ticketId: newId('tkt'),
    eventId,
    ticketTypeId: newId('tty'),
    seatId: 'Block A:12:7',
    secretVersion: 1,
    notBefore: nowS - 6 * 3600,
    notAfter: nowS + 9 * 3600,
    ...overrides,
  };
}

/** Flips one bit of one payload byte and re-encodes the payload segment (the signature is left as is). */
function tamperPayloadByte(token: string, index: number): string {
  const [prefix, payload, signature] = token.split('.') as [string, string, string];
  const bytes = Uint8Array.from(atob(payload.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (payload.length % 4)) % 4)), (c) => c.charCodeAt(0));
  bytes[index % bytes.length]! ^= 0x01;
  return `${prefix}.${base64url(bytes)}.${signature}`;
}

describe('ticket QR tokens', () => {
  it('round-trips: verify(sign(claims)) gives the claims back, with the key version', async () => {
    const key = await makeKey(3);
    const claims = claimsFor();
    const token = await signTicketToken(key, claims);
    expect(token).toMatch(/^VG1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const result = await verifyTicketToken(token, [key], { eventId: claims.eventId, now: NOW });
    expect(result).toEqual({ ok: true, claims: { ...claims, keyVersion: 3 } });
    // `now` may be a Date too
    expect((await verifyTicketToken(token, [key], { eventId: claims.eventId, now: new Date(NOW) })).ok).toBe(true);
  });

  it('is small enough for a readable QR code', async () => {
    const key = await makeKey();
    const ga = await signTicketToken(key, claimsFor(undefined, { seatId: null }));
    const seated = await signTicketToken(key, claimsFor());
    const longestSeat = await signTicketToken(key, claimsFor(undefined, { seatId: `${'S'.repeat(16)}:${'R'.repeat(16)}:${'9'.repeat(16)}` }));
    console.log(`token lengths: GA ${ga.length}, seated (13-char seat id) ${seated.length}, longest ASCII seat id (50 chars) ${longestSeat.length}`);
    console.log(`example: ${seated}`);
    expect(ga.length).toBe(178);
    expect(seated.length).toBeLessThan(200);
    expect(longestSeat.length).toBeLessThan(250);
  });

  it('verifies the example in docs/tickets.md, and decodes it as the doc says', async () => {
    const publicKey = /Public key \(version 1[^`]*`([A-Za-z0-9_-]{43})`/.exec(ticketsDoc)?.[1];
    const token = /^(VG1\.[A-Za-z0-9_.-]+)$/m.exec(ticketsDoc)?.[1];
    expect(publicKey && token).toBeTruthy();
    expect(ticketsDoc).toContain(`${token!.length} characters`);
    const result = await verifyTicketToken(token!, [{ version: 1, publicKey: publicKey! }], {
      eventId: 'evt_01m84p0b7bayxdwh3v8fhstsx2',
      now: new Date('2027-03-14T18:00:00Z'),
    });
    expect(result).toEqual({
      ok: true,
      claims: {
        ticketId: 'tkt_01m8c3vq2w7k5h9d3xg4tz0b6r',
        eventId: 'evt_01m84p0b7bayxdwh3v8fhstsx2',
        ticketTypeId: 'tty_01m84p1c2e3f4g5h6j7k8m9n0p',
        seatId: 'A:12:7',
        secretVersion: 1,
        keyVersion: 1,
        notBefore: Date.parse('2027-03-14T10:30:00Z') / 1000,
        notAfter: Date.parse('2027-03-15T04:30:00Z') / 1000,
      },
    });
  });

  it('carries ids that are not platform ids verbatim', async () => {
    const key = await makeKey();
    const claims = claimsFor('evt-legacy-42', { ticketId: 'TKT_UPPER_0001', ticketTypeId: 'tty_short', seatId: 'Balkon ü:3:12' });
    const token = await signTicketToken(key, claims);
    expect(await verifyTicketToken(token, [key], { eventId: 'evt-legacy-42', now: NOW })).toEqual({ ok: true, claims: { ...claims, keyVersion: 1 } });
  });

  it('refuses to sign claims it cannot represent', async () => {
    const key = await makeKey();
    await expect(signTicketToken(key, claimsFor(undefined, { secretVersion: 0 }))).rejects.toThrow(RangeError);
    await expect(signTicketToken(key, claimsFor(undefined, { notBefore: nowS, notAfter: nowS - 1 }))).rejects.toThrow(RangeError);
    await expect(signTicketToken(key, claimsFor(undefined, { notAfter: 2 ** 32 }))).rejects.toThrow(RangeError);
    await expect(signTicketToken(key, claimsFor(undefined, { seatId: '' }))).rejects.toThrow(RangeError);
    await expect(signTicketToken(key, claimsFor(undefined, { ticketId: 'x'.repeat(256) }))).rejects.toThrow(RangeError);
  });

  describe('rejections', () => {
    it('a tampered payload byte is bad_signature (or malformed when the change breaks the encoding)', async () => {
      const key = await makeKey();
      const claims = claimsFor();
      const token = await signTicketToken(key, claims);
      const payloadLength = Math.floor((token.split('.')[1]!.length * 6) / 8);
      for (let i = 0; i < payloadLength; i++) {
        const result = await verifyTicketToken(tamperPayloadByte(token, i), [key], { eventId: claims.eventId, now: NOW });
        expect(result.ok, `byte ${i}`).toBe(false);
        if (!result.ok) expect(['bad_signature', 'malformed', 'wrong_event', 'unknown_key'], `byte ${i}`).toContain(result.reason);
      }
      // a byte inside the ticket id (after flags, versions and the window) keeps the format: only the signature catches it
      const inTicketId = await verifyTicketToken(tamperPayloadByte(token, 1 + 1 + 1 + 8 + 5), [key], { eventId: claims.eventId, now: NOW });
      expect(inTicketId).toEqual({ ok: false, reason: 'bad_signature' });
    });

    it('a truncated token is malformed', async () => {
      const key = await makeKey();
      const claims = claimsFor();
      const token = await signTicketToken(key, claims);
      for (const cut of [0, 3, 4, 20, token.indexOf('.', 4), token.indexOf('.', 4) + 1, token.length - 1, token.length - 2, token.length - 40]) {
        const result = await verifyTicketToken(token.slice(0, cut), [key], { eventId: claims.eventId, now: NOW });
        expect(result, `cut at ${cut}`).toEqual({ ok: false, reason: 'malformed' });
      }
      for (const junk of ['', 'VG1..', 'VG2.AAAA.AAAA', `${token}.`, `${token}=`, ` ${token}`, token.replace('VG1.', 'vg1.')]) {
        expect(await verifyTicketToken(junk, [key], { eventId: claims.eventId, now: NOW })).toEqual({ ok: false, reason: 'malformed' });
      }
    });

    it('a token signed with another key (same version number) is bad_signature', async () => {
      const real = await makeKey(1);
      const forger = await makeKey(1);
      const claims = claimsFor();
      const forged = await signTicketToken(forger, claims);
      expect(await verifyTicketToken(forged, [real], { eventId: claims.eventId, now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
      // re-signing a genuine payload: keep the payload, swap in the forger's signature
      const genuine = await signTicketToken(real, claims);
      const resigned = `${genuine.split('.').slice(0, 2).join('.')}.${forged.split('.')[2]}`;
      expect(await verifyTicketToken(resigned, [real], { eventId: claims.eventId, now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
    });

    it('a token for another event is wrong_event, even when it is genuinely signed', async () => {
      const thisEvent = await makeKey(1);
      const otherEvent = await makeKey(1);
      const claims = claimsFor();
      const token = await signTicketToken(otherEvent, claims);
      expect(await verifyTicketToken(token, [thisEvent], { eventId: newId('evt'), now: NOW })).toEqual({ ok: false, reason: 'wrong_event' });
      // and the other event's key in hand does not help either
      expect(await verifyTicketToken(token, [otherEvent], { eventId: newId('evt'), now: NOW })).toEqual({ ok: false, reason: 'wrong_event' });
    });

    it('a key version the scanner does not have is unknown_key', async () => {
      const v1 = await makeKey(1);
      const v2 = await makeKey(2);
      const claims = claimsFor();
      const token = await signTicketToken(v2, claims);
      expect(await verifyTicketToken(token, [v1], { eventId: claims.eventId, now: NOW })).toEqual({ ok: false, reason: 'unknown_key' });
      expect(await verifyTicketToken(token, [], { eventId: claims.eventId, now: NOW })).toEqual({ ok: false, reason: 'unknown_key' });
      expect((await verifyTicketToken(token, [v1, v2], { eventId: claims.eventId, now: NOW })).ok).toBe(true);
    });

    it('outside the validity window is not_yet_valid or expired; both ends are inclusive', async () => {
      const key = await makeKey();
      const claims = claimsFor(undefined, { notBefore: nowS, notAfter: nowS + 3600 });
      const token = await signTicketToken(key, claims);
      const at = (s: number) => verifyTicketToken(token, [key], { eventId: claims.eventId, now: s * 1000 });
      expect(await at(nowS - 1)).toEqual({ ok: false, reason: 'not_yet_valid' });
      expect((await at(nowS)).ok).toBe(true);
      expect((await verifyTicketToken(token, [key], { eventId: claims.eventId, now: nowS * 1000 - 1 })).ok).toBe(false);
      expect((await at(nowS + 3600)).ok).toBe(true);
      expect((await verifyTicketToken(token, [key], { eventId: claims.eventId, now: (nowS + 3600) * 1000 + 999 })).ok).toBe(true);
      expect(await at(nowS + 3601)).toEqual({ ok: false, reason: 'expired' });
    });
  });

  it('carries the secret version, so a manifest can revoke the token of a re-issued ticket', async () => {
    const key = await makeKey();
    const first = claimsFor();
    const old = await signTicketToken(key, first);
    const reissued = await signTicketToken(key, { ...first, secretVersion: 2 });
    const a = await verifyTicketToken(old, [key], { eventId: first.eventId, now: NOW });
    const b = await verifyTicketToken(reissued, [key], { eventId: first.eventId, now: NOW });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.claims.ticketId).toBe(b.claims.ticketId);
      expect([a.claims.secretVersion, b.claims.secretVersion]).toEqual([1, 2]);
      const manifest = new Map([[first.ticketId, 2]]); // what a scanner learns: the ticket's current secret version
      expect(manifest.get(a.claims.ticketId) === a.claims.secretVersion).toBe(false);
      expect(manifest.get(b.claims.ticketId) === b.claims.secretVersion).toBe(true);
    }
    expect(readTicketTokenUnverified(old)?.secretVersion).toBe(1);
    expect(readTicketTokenUnverified('VG1.garbage.x')).toBeNull();
  });

  describe('properties (fast-check)', () => {
    const platformId = (prefix: string) => fc.integer({ min: 0, max: 2 ** 47 }).map((t) => newId(prefix, t));
    const anyId = (prefix: string) => fc.oneof(platformId(prefix), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }));
    const seconds = fc.integer({ min: 0, max: 0xffff_ffff });
    const claimsArb = fc
      .record({
        ticketId: anyId('tkt'),
        eventId: anyId('evt'),
        ticketTypeId: anyId('tty'),
        seatId: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), { nil: null }),
        secretVersion: fc.integer({ min: 1, max: 0x7fff_ffff }),
        a: seconds,
        b: seconds,
      })
      .map(({ a, b, ...rest }): TicketClaimsInput => ({ ...rest, notBefore: Math.min(a, b), notAfter: Math.max(a, b) }));

    it('verify(sign(c)) returns c for random claims', async () => {
      const keys = await Promise.all([makeKey(1), makeKey(2), makeKey(300)]);
      await fc.assert(
        fc.asyncProperty(claimsArb, fc.nat({ max: 2 }), async (claims, k) => {
          const key = keys[k]!;
          const token = await signTicketToken(key, claims);
          const result = await verifyTicketToken(token, keys, { eventId: claims.eventId, now: claims.notBefore * 1000 });
          expect(result).toEqual({ ok: true, claims: { ...claims, keyVersion: key.version } });
        }),
        { numRuns: 300 },
      );
    });

    it('changing any single character of a token makes it invalid', async () => {
      const key = await makeKey();
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
      await fc.assert(
        fc.asyncProperty(claimsArb, fc.nat(), fc.nat(), async (claims, position, replacement) => {
          const token = await signTicketToken(key, claims);
          const i = position % token.length;
          const candidates = alphabet.replace(token[i]!, '');
          const changed = token.slice(0, i) + candidates[replacement % candidates.length] + token.slice(i + 1);
          const result = await verifyTicketToken(changed, [key], { eventId: claims.eventId, now: claims.notBefore * 1000 });
          expect(result.ok).toBe(false);
        }),
        { numRuns: 500 },
      );
    });

    it('every single-character change of one token is refused (exhaustive over the base64url alphabet)', async () => {
      const key = await makeKey();
      const claims = claimsFor();
      const token = await signTicketToken(key, claims);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      let tried = 0;
      for (let i = 0; i < token.length; i++) {
        for (const c of alphabet) {
          if (c === token[i]) continue;
          const result = await verifyTicketToken(token.slice(0, i) + c + token.slice(i + 1), [key], { eventId: claims.eventId, now: NOW });
          if (result.ok) throw new Error(`accepted a change of character ${i} to '${c}'`);
          tried++;
        }
      }
      expect(tried).toBe([...token].reduce((n, c) => n + (alphabet.includes(c) ? 63 : 64), 0));
    });
  });

  it('signs and verifies fast enough for bulk issuing and gate scanning', async () => {
    const key = await makeKey();
    const eventId = newId('evt');
    const all = Array.from({ length: 1_000 }, () => claimsFor(eventId));
    let t = performance.now();
    const tokens = [];
    for (const c of all) tokens.push(await signTicketToken(key, c));
    // workerd's clock only advances across I/O; a Date.now() around a timer hop reads it afresh
    const signMs = await elapsedSince(t);
    t = performance.now();
    let valid = 0;
    for (const token of tokens) if ((await verifyTicketToken(token, [key], { eventId, now: NOW })).ok) valid++;
    const verifyMs = await elapsedSince(t);
    const signRate = Math.round((1_000 / Math.max(signMs, 1)) * 1000);
    const verifyRate = Math.round((1_000 / Math.max(verifyMs, 1)) * 1000);
    console.log(`1,000 tokens: sign ${signMs.toFixed(0)} ms (${signRate}/s), verify ${verifyMs.toFixed(0)} ms (${verifyRate}/s)`);
    expect(valid).toBe(1_000);
    expect(signRate).toBeGreaterThan(200);
    expect(verifyRate).toBeGreaterThan(200);
  });
});

/** workerd freezes timers during synchronous work and only moves the clock on I/O; a zero-delay timer lets it catch up. */
async function elapsedSince(start: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 0));
  return performance.now() - start;
}
